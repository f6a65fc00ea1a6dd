using Keel.Core.Prompts;
using Keel.Testing.Workspace;

namespace Keel.Tests.Core.Prompts;

public sealed class InstructionFilesTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    private string Config => Directory.CreateDirectory(_ws.ConfigDir).FullName;

    private IReadOnlyList<InstructionFile> Find(string? cwd = null) =>
        InstructionFiles.Find(Config, cwd ?? _ws.Path, InstructionFiles.FindRepositoryRoot(cwd ?? _ws.Path), _ws.Home);

    [Fact]
    public void Files_come_user_first_then_root_down_to_the_working_directory_then_local_variants()
    {
        _ws.GitInit();
        File.WriteAllText(Path.Combine(Config, "KEEL.md"), "user rules");
        _ws.Write("AGENTS.md", "root agents");
        _ws.Write("CLAUDE.local.md", "root local");
        _ws.Write(".claude/CLAUDE.md", "root dot-claude");
        var sub = _ws.Write("pkg/KEEL.md", "pkg keel");

        var files = Find(Path.GetDirectoryName(sub));

        files.Select(f => f.Content).ShouldBe(["user rules", "root agents", "root dot-claude", "root local", "pkg keel"]);
    }

    [Fact]
    public void Imports_follow_the_importing_file_and_resolve_relative_to_it_or_to_home()
    {
        _ws.Write("AGENTS.md", "See @docs/style.md and @~/notes.md for more.");
        _ws.Write("docs/style.md", "Use tabs. Also @../extra.md.");
        _ws.Write("extra.md", "extra text");
        File.WriteAllText(Path.Combine(_ws.Home, "notes.md"), "home notes");

        var files = Find();

        files.Select(f => Path.GetFileName(f.Path)).ShouldBe(["AGENTS.md", "style.md", "extra.md", "notes.md"]);
        files[0].Content.ShouldBe("See @docs/style.md and @~/notes.md for more.");
    }

    [Fact]
    public void Missing_imports_are_noted_inline_and_code_emails_and_mentions_are_not_imports()
    {
        _ws.Write("AGENTS.md", "Read @gone.md first.\nMail me@example.com or ask @alice.\nRun `cat @x.md` now.\n```\n@fenced.md\n```\n");

        var file = Find().ShouldHaveSingleItem();

        file.Content.ShouldBe("Read @gone.md (import @gone.md not found) first.\nMail me@example.com or ask @alice.\nRun `cat @x.md` now.\n```\n@fenced.md\n```\n");
    }

    [Fact]
    public void Import_cycles_are_included_once_and_depth_is_bounded()
    {
        _ws.Write("AGENTS.md", "@a.md");
        _ws.Write("a.md", "a @b.md @AGENTS.md");
        _ws.Write("b.md", "b @a.md @c1.md");
        for (var i = 1; i <= 6; i++)
        {
            _ws.Write($"c{i}.md", $"c{i} @c{i + 1}.md");
        }

        var names = Find().Select(f => Path.GetFileName(f.Path)).ToList();

        // AGENTS.md (0) -> a (1) -> b (2) -> c1 (3) -> c2 (4) -> c3 (5); c4 would be depth 6.
        names.ShouldBe(["AGENTS.md", "a.md", "b.md", "c1.md", "c2.md", "c3.md"]);
    }

    [Fact]
    public void The_total_is_bounded_with_a_truncation_note()
    {
        _ws.Write("AGENTS.md", new string('a', 50_000));
        _ws.Write("CLAUDE.md", new string('b', 20_000));
        _ws.Write("KEEL.md", "never reached");

        var files = Find();

        files.Count.ShouldBe(2);
        files[1].Content.ShouldStartWith(new string('b', 10_000) + "\n\n(Instruction files were truncated here");
        files[1].Content.ShouldContain("60,000 characters");
        files.Sum(f => f.Content.Length).ShouldBeLessThan(InstructionFiles.MaxTotalChars + 200);
    }

    public void Dispose() => _ws.Dispose();
}
