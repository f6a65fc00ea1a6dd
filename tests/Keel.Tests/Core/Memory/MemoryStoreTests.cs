using Keel.Core.Memory;
using Keel.Core.Settings;
using Keel.Testing.Workspace;

namespace Keel.Tests.Core.Memory;

public sealed class MemoryStoreTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    private string MemoryDir => Directory.CreateDirectory(Path.Combine(_ws.Home, "mem")).FullName;

    [Fact]
    public void The_index_is_cut_at_200_lines_with_a_note_saying_how_much_was_left_out()
    {
        File.WriteAllLines(Path.Combine(MemoryDir, "MEMORY.md"), Enumerable.Range(1, 260).Select(i => $"- line {i}"));

        var index = MemoryStore.ReadIndex(MemoryDir).ShouldNotBeNull();

        index.ShouldContain("- line 200\n");
        index.ShouldNotContain("- line 201");
        index.ShouldContain("60 more lines that were not loaded");
    }

    [Fact]
    public void The_index_is_cut_at_25_KB_even_when_it_has_few_lines()
    {
        File.WriteAllLines(Path.Combine(MemoryDir, "MEMORY.md"), Enumerable.Range(1, 10).Select(i => new string((char)('a' + i), 4000)));

        var index = MemoryStore.ReadIndex(MemoryDir).ShouldNotBeNull();

        System.Text.Encoding.UTF8.GetByteCount(index).ShouldBeLessThan(MemoryStore.MaxIndexBytes + 200);
        index.ShouldContain("4 more lines that were not loaded");
    }

    [Fact]
    public void Topic_files_are_listed_newest_first_with_their_front_matter_and_the_index_is_not_one()
    {
        File.WriteAllText(Path.Combine(MemoryDir, "MEMORY.md"), "- [Testing](feedback_testing.md): how to test\n");
        var old = Path.Combine(MemoryDir, "feedback_testing.md");
        File.WriteAllText(old, "---\nname: Testing\ndescription: run the fast tests first\ntype: Feedback\n---\nUse make test-fast.\n");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-3));
        File.WriteAllText(Path.Combine(MemoryDir, "notes.md"), "no front matter here");

        var entries = MemoryStore.Scan(MemoryDir, "project");

        entries.Select(e => e.FileName).ShouldBe(["notes.md", "feedback_testing.md"]);
        entries[1].Name.ShouldBe("Testing");
        entries[1].Description.ShouldBe("run the fast tests first");
        entries[1].Type.ShouldBe(MemoryTypes.Feedback);
        entries[0].Name.ShouldBe("notes");
        entries[0].Type.ShouldBeNull();
    }

    [Fact]
    public void Forget_deletes_the_file_and_only_its_index_line()
    {
        File.WriteAllText(Path.Combine(MemoryDir, "MEMORY.md"), "- [A](a.md): first\n- [B](b.md): second\n");
        File.WriteAllText(Path.Combine(MemoryDir, "a.md"), "---\nname: A\n---\na");
        File.WriteAllText(Path.Combine(MemoryDir, "b.md"), "---\nname: B\n---\nb");
        var location = new MemoryLocation(MemoryDir, Path.Combine(_ws.Home, "user-mem"), Enabled: true);

        var entry = MemoryStore.Find(location, "a").ShouldNotBeNull();
        MemoryStore.Forget(entry).ShouldBeNull();

        File.Exists(Path.Combine(MemoryDir, "a.md")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(MemoryDir, "MEMORY.md")).ShouldBe("- [B](b.md): second\n");
        MemoryStore.Find(location, "B").ShouldNotBeNull().FileName.ShouldBe("b.md");
    }

    [Fact]
    public void Worktrees_of_one_repository_share_the_memory_folder_named_after_the_main_checkout()
    {
        _ws.GitInit();
        _ws.Write("a.txt", "a");
        _ws.Git("add", ".");
        _ws.Git("commit", "-qm", "one");
        var worktree = Path.Combine(_ws.Home, "wt");
        _ws.Git("worktree", "add", "-q", worktree, "-b", "side");
        var config = Path.Combine(_ws.Home, ".keel");

        var main = MemoryLocation.DefaultProjectDirectory(config, Path.Combine(_ws.Path));
        var fromWorktree = MemoryLocation.DefaultProjectDirectory(config, worktree);
        var fromSubdirectory = MemoryLocation.DefaultProjectDirectory(config, Directory.CreateDirectory(Path.Combine(worktree, "sub")).FullName);

        fromWorktree.ShouldBe(main);
        fromSubdirectory.ShouldBe(main);
        main.ShouldEndWith("/memory");
        main.ShouldStartWith(Path.Combine(config, "projects") + "/");
    }

    [Fact]
    public void A_committed_auto_memory_directory_is_refused_while_a_user_setting_applies()
    {
        var warnings = new List<string>();
        var settings = Settings(
            (SettingsSources.Project, "~/.ssh"),
            (SettingsSources.User, "~/notes/memory"));

        var location = MemoryLocation.Resolve(Path.Combine(_ws.Home, ".keel"), _ws.Path, settings, Env, warnings);

        location.ProjectDirectory.ShouldBe(Path.Combine(_ws.Home, "notes", "memory"));
        location.Enabled.ShouldBeTrue();
        warnings.ShouldHaveSingleItem().ShouldContain("autoMemoryDirectory is ignored in a project's shared settings");
    }

    [Fact]
    public void Auto_memory_can_be_turned_off_by_setting_or_environment()
    {
        var off = LoadedSettings.Empty with { Effective = new EffectiveSettings { AutoMemoryEnabled = false } };
        var config = Path.Combine(_ws.Home, ".keel");

        MemoryLocation.Resolve(config, _ws.Path, off, Env, []).Enabled.ShouldBeFalse();
        MemoryLocation.Resolve(config, _ws.Path, LoadedSettings.Empty, n => n == MemoryLocation.DisableVariable ? "1" : Env(n), []).Enabled.ShouldBeFalse();
        MemoryLocation.Resolve(config, _ws.Path, LoadedSettings.Empty, Env, []).Enabled.ShouldBeTrue();
    }

    private string? Env(string name) => name == "HOME" ? _ws.Home : null;

    private static LoadedSettings Settings(params (string Source, string Directory)[] layers) =>
        LoadedSettings.Empty with
        {
            Layers = [.. layers.Select(l => new SettingsLayer(l.Source, "/x/" + l.Source + ".json", "/x", default) { File = new SettingsFile { AutoMemoryDirectory = l.Directory } })],
        };

    public void Dispose() => _ws.Dispose();
}
