using System.Diagnostics;
using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions;

public sealed class PathPolicyTests
{
    private const PermissionBehavior Allow = PermissionBehavior.Allow;
    private const PermissionBehavior Ask = PermissionBehavior.Ask;
    private const PermissionBehavior Deny = PermissionBehavior.Deny;

    // mode, read in project, read outside, write in project, write outside, write protected
    [Theory]
    [InlineData(PermissionMode.Default, Allow, Ask, Ask, Ask, Ask)]
    [InlineData(PermissionMode.AcceptEdits, Allow, Ask, Allow, Ask, Ask)]
    [InlineData(PermissionMode.Plan, Allow, Ask, Deny, Deny, Deny)]
    [InlineData(PermissionMode.BypassPermissions, Allow, Allow, Allow, Allow, Ask)]
    [InlineData(PermissionMode.DontAsk, Allow, Deny, Deny, Deny, Deny)]
    public void File_tools_follow_the_mode_table(PermissionMode mode, PermissionBehavior readIn, PermissionBehavior readOut, PermissionBehavior writeIn, PermissionBehavior writeOut, PermissionBehavior writeProtected)
    {
        using var w = new PermissionWorld();
        var e = w.Engine(mode);
        var inside = w.Write("src/a.cs");
        var outside = w.Write(Path.Combine(w.Outside, "b.txt"));

        w.Decide(e, "Read", inside).ShouldBe(readIn);
        w.Decide(e, "Read", outside).ShouldBe(readOut);
        w.Decide(e, "Edit", inside).ShouldBe(writeIn);
        w.Decide(e, "Write", outside).ShouldBe(writeOut);
        w.Decide(e, "Write", ".git/hooks/pre-commit").ShouldBe(writeProtected);
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData("vendor/lib/.git/HEAD")]
    [InlineData(".claude/settings.json")]
    [InlineData(".keel/settings.local.json")]
    [InlineData(".vscode/tasks.json")]
    [InlineData(".mcp.json")]
    [InlineData("~/.bashrc")]
    [InlineData("~/.ssh/authorized_keys")]
    [InlineData("~/.keel/settings.json")]
    public void Protected_paths_ask_even_with_an_allow_rule_in_every_permissive_mode(string path)
    {
        using var w = new PermissionWorld();
        foreach (var mode in new[] { PermissionMode.Default, PermissionMode.AcceptEdits, PermissionMode.BypassPermissions })
        {
            var d = w.Engine(mode, allow: ["Edit", "Write"]).Evaluate("Write", PermissionWorld.FileInput(path), w.Project).Decision;
            d.Behavior.ShouldBe(Ask, $"{path} in {mode}");
            d.Source.ShouldBe("protectedPath");
        }
    }

    [Fact]
    public void An_allow_rule_turns_ask_into_allow_and_edit_rules_govern_write()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(allow: ["Edit(src/**)", "Read(~/docs/**)"]);

        var d = e.Evaluate("Write", PermissionWorld.FileInput("src/new.cs"), w.Project).Decision;
        d.Behavior.ShouldBe(Allow);
        d.Rule.ShouldBe("Edit(src/**)");
        d.Source.ShouldBe("cliArg");
        w.Decide(e, "Write", "lib/new.cs").ShouldBe(Ask);
        w.Decide(e, "Read", "~/docs/guide.md").ShouldBe(Allow);
        w.Decide(w.Engine(PermissionMode.Plan, allow: ["Edit"]), "Edit", "src/a.cs").ShouldBe(Deny);
    }

    [Fact]
    public void Deny_beats_ask_beats_allow_and_read_deny_also_blocks_edits()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(PermissionMode.BypassPermissions, allow: ["Read", "Edit"], ask: ["Edit(docs/**)"], deny: ["Read(./.env)"]);

        var denied = e.Evaluate("Read", PermissionWorld.FileInput(".env"), w.Project).Decision;
        denied.Behavior.ShouldBe(Deny);
        denied.Rule.ShouldBe("Read(./.env)");
        w.Decide(e, "Edit", ".env").ShouldBe(Deny);
        w.Decide(e, "Edit", "docs/a.md").ShouldBe(Ask);
        w.Decide(e, "Edit", "src/a.cs").ShouldBe(Allow);
    }

    [Fact]
    public void A_symlink_into_a_denied_file_is_denied_and_one_pointing_outside_is_outside()
    {
        using var w = new PermissionWorld();
        var secret = w.Write("secrets/key", "k");
        File.CreateSymbolicLink(Path.Combine(w.Project, "innocent.txt"), secret);
        File.CreateSymbolicLink(Path.Combine(w.Project, "escape.txt"), w.Write(Path.Combine(w.Outside, "x.txt")));
        var e = w.Engine(PermissionMode.AcceptEdits, deny: ["Read(./secrets/**)"]);

        w.Decide(e, "Read", "innocent.txt").ShouldBe(Deny);
        w.Decide(e, "Read", "escape.txt").ShouldBe(Ask);
        w.Decide(e, "Edit", "escape.txt").ShouldBe(Ask);
        w.Decide(e, "Edit", "src/fine.cs").ShouldBe(Allow);
    }

    [Fact]
    public void A_dangling_symlink_and_a_symlinked_parent_resolve_to_their_targets()
    {
        using var w = new PermissionWorld();
        File.CreateSymbolicLink(Path.Combine(w.Project, "later.txt"), Path.Combine(w.Outside, "not-yet.txt"));
        Directory.CreateSymbolicLink(Path.Combine(w.Project, "linked"), w.Outside);
        Directory.CreateSymbolicLink(Path.Combine(w.Project, "gitdir"), Path.Combine(w.Project, ".git"));
        var e = w.Engine(PermissionMode.AcceptEdits);

        w.Decide(e, "Write", "later.txt").ShouldBe(Ask);
        w.Decide(e, "Write", "linked/new/deep.txt").ShouldBe(Ask);
        var protectedWrite = e.Evaluate("Write", PermissionWorld.FileInput("gitdir/config"), w.Project).Decision;
        protectedWrite.Source.ShouldBe("protectedPath");
    }

    [Fact]
    public void Dot_dot_escapes_and_sibling_prefixes_are_outside()
    {
        using var w = new PermissionWorld();
        var sibling = Directory.CreateDirectory(w.Project + "2").FullName;
        var e = w.Engine(PermissionMode.AcceptEdits);

        w.Decide(e, "Write", "src/../../outside/x").ShouldBe(Ask);
        w.Decide(e, "Write", Path.Combine(sibling, "x")).ShouldBe(Ask);
        w.Decide(e, "Write", "src/../ok.txt").ShouldBe(Allow);
        e.Paths.IsInsideWorkingDirectories(sibling, w.Project).ShouldBeFalse();
    }

    [Fact]
    public void Additional_directories_are_in_scope()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(PermissionMode.AcceptEdits, addDirs: [w.Outside]);

        w.Decide(e, "Write", Path.Combine(w.Outside, "x")).ShouldBe(Allow);
    }

    [Fact]
    public void Fifos_proc_secrets_devices_and_nul_are_denied_at_once_in_every_mode()
    {
        using var w = new PermissionWorld();
        var fifo = Path.Combine(w.Project, "pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        var e = w.Engine(PermissionMode.BypassPermissions, allow: ["Read"]);
        var watch = Stopwatch.StartNew();
        w.Decide(e, "Read", "pipe").ShouldBe(Deny);
        w.Decide(e, "Read", "/proc/self/environ").ShouldBe(Deny);
        w.Decide(e, "Read", "/proc/self/mem").ShouldBe(Deny);
        w.Decide(e, "Read", "/dev/zero").ShouldBe(Deny);
        w.Decide(e, "Write", "/dev/null").ShouldBe(Deny);
        w.Decide(e, "Read", "a\0b").ShouldBe(Deny);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Glob_and_grep_are_governed_by_read_rules_on_their_path()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(deny: ["Read(./secrets)"]);

        e.Evaluate("Grep", PermissionWorld.Input("""{"pattern":"x","path":"secrets"}"""), w.Project).Decision.Behavior.ShouldBe(Deny);
        e.Evaluate("Glob", PermissionWorld.Input("""{"pattern":"*"}"""), w.Project).Decision.Behavior.ShouldBe(Allow);
        e.Evaluate("Glob", PermissionWorld.Input($$"""{"pattern":"*","path":"{{w.Outside}}"}"""), w.Project).Decision.Behavior.ShouldBe(Ask);
        e.Paths.ReadDenyRule(Path.Combine(w.Project, "secrets", "a"))!.Text.ShouldBe("Read(./secrets)");
    }
}
