using Keel.Core.Prompts;
using Keel.Testing.Workspace;

namespace Keel.Tests.Core.Prompts;

public sealed class NestedInstructionsTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    private string Config => Directory.CreateDirectory(_ws.ConfigDir).FullName;

    [Fact]
    public void User_level_files_come_from_dot_claude_and_keel_and_parents_above_the_repository_count_too()
    {
        Directory.CreateDirectory(Path.Combine(_ws.Home, ".claude"));
        File.WriteAllText(Path.Combine(_ws.Home, ".claude", "CLAUDE.md"), "claude user rules");
        File.WriteAllText(Path.Combine(Config, "AGENTS.md"), "keel user agents");
        var outer = Path.GetDirectoryName(_ws.Path)!;
        File.WriteAllText(Path.Combine(outer, "CLAUDE.md"), "parent of the repository");
        _ws.GitInit();
        _ws.Write("CLAUDE.local.md", "local notes");

        var files = InstructionFiles.Discover(Config, _ws.Path, _ws.Home).Files;

        files.Select(f => f.Content).ShouldBe(["claude user rules", "keel user agents", "parent of the repository", "local notes"]);
    }

    [Fact]
    public void Rules_without_paths_load_at_start_and_rules_with_paths_wait_for_a_matching_file()
    {
        _ws.Write(".claude/rules/always.md", "Always rule.");
        _ws.Write(".keel/rules/api.md", "---\npaths:\n  - src/api/**/*.ts\n---\nAPI rule: validate inputs.");

        var set = InstructionFiles.Discover(Config, _ws.Path, _ws.Home);
        var nested = new NestedInstructions(_ws.Path, set, _ws.Home);

        set.Files.Select(f => f.Content).ShouldBe(["Always rule."]);
        set.ConditionalRules.ShouldHaveSingleItem().Globs.ShouldBe(["src/api/**/*.ts"]);
        nested.ForFile(_ws.FullPath("src/web/page.ts")).ShouldBeNull();
        nested.ForFile(_ws.FullPath("src/api/v1/users.ts")).ShouldNotBeNull().ShouldContain("API rule: validate inputs.");
        nested.ForFile(_ws.FullPath("src/api/v1/orders.ts")).ShouldBeNull(); // once per session
    }

    [Fact]
    public void Nested_files_below_the_working_directory_attach_once_outermost_first_and_startup_files_never()
    {
        _ws.Write("AGENTS.md", "root, already in the prompt");
        _ws.Write("pkg/CLAUDE.md", "pkg rules");
        _ws.Write("pkg/inner/AGENTS.md", "inner rules, see @notes.md");
        _ws.Write("pkg/inner/notes.md", "inner notes");
        var set = InstructionFiles.Discover(Config, _ws.Path, _ws.Home);
        var nested = new NestedInstructions(_ws.Path, set, _ws.Home);

        var first = nested.ForFile(_ws.FullPath("pkg/inner/code.py")).ShouldNotBeNull();

        first.ShouldNotContain("root, already in the prompt");
        first.IndexOf("pkg rules", StringComparison.Ordinal).ShouldBeLessThan(first.IndexOf("inner rules", StringComparison.Ordinal));
        first.ShouldContain("inner notes");
        nested.ForFile(_ws.FullPath("pkg/other.py")).ShouldBeNull();
        nested.ForFile(_ws.FullPath("README.md")).ShouldBeNull();
    }

    public void Dispose() => _ws.Dispose();
}
