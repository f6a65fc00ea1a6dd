using Keel.Core.Tools;

namespace Keel.Tests.Tools.Shell.Sandbox;

/// <summary>
/// An agent whose project is a worktree under the read-only <c>.keel</c> (isolation: worktree) shares the session's
/// sandbox: its worktree is writable for its commands, while the worktree's own .git/.keel and the user's
/// project and configuration stay read-only.
/// </summary>
public sealed class SandboxWorktreeTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();
    private readonly string _tree;
    private readonly ToolSession _agent;

    public SandboxWorktreeTests()
    {
        Directory.CreateDirectory(Path.Combine(_sandbox.Project, ".git"));
        Directory.CreateDirectory(Path.Combine(_sandbox.Project, ".keel"));
        File.WriteAllText(Path.Combine(_sandbox.Project, ".keel", "settings.json"), "{}");
        _tree = Path.Combine(_sandbox.Project, ".keel", "worktrees", "feature");
        Directory.CreateDirectory(Path.Combine(_tree, "src"));
        File.WriteAllText(Path.Combine(_tree, ".git"), "gitdir: " + Path.Combine(_sandbox.Project, ".git", "worktrees", "feature") + "\n");
        Directory.CreateDirectory(Path.Combine(_tree, ".keel"));
        _agent = new ToolSession(_tree, [], Path.Combine(_sandbox.Root, "agent-session"), TimeProvider.System);
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task The_agent_writes_its_worktree_but_not_its_configuration_nor_the_users()
    {
        var result = await RunAsAgentAsync(
            "export LC_ALL=C; echo work > src/app.txt && echo wrote; echo x > .keel/settings.json; echo x > .git; echo x > ../../settings.json; "
            + "echo x > ../../settings.local.json; echo x > " + _sandbox.Project + "/main.txt; ln -s ../../settings.json src/link && echo x > src/link; echo done");

        result.Text.ShouldContain("wrote");
        result.Text.ShouldContain("done");
        (await File.ReadAllTextAsync(Path.Combine(_tree, "src", "app.txt"))).ShouldBe("work\n");
        Directory.Exists(Path.Combine(_tree, ".keel")).ShouldBeTrue();
        File.Exists(Path.Combine(_tree, ".keel", "settings.json")).ShouldBeFalse();
        (await File.ReadAllTextAsync(Path.Combine(_tree, ".git"))).ShouldStartWith("gitdir: ");
        (await File.ReadAllTextAsync(Path.Combine(_sandbox.Project, ".keel", "settings.json"))).ShouldBe("{}");
        File.Exists(Path.Combine(_sandbox.Project, ".keel", "settings.local.json")).ShouldBeFalse();
        File.Exists(Path.Combine(_sandbox.Project, "main.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_users_session_still_cannot_write_into_keel_worktrees()
    {
        var result = await _sandbox.RunAsync("export LC_ALL=C; echo x > .keel/worktrees/feature/src/a.txt; echo x > .keel/settings.json; echo done");

        result.Text.ShouldContain("Read-only file system");
        File.Exists(Path.Combine(_tree, "src", "a.txt")).ShouldBeFalse();
        (await File.ReadAllTextAsync(Path.Combine(_sandbox.Project, ".keel", "settings.json"))).ShouldBe("{}");
    }

    private Task<ToolResult> RunAsAgentAsync(string command)
    {
        var context = new ToolContext("toolu_agent", _agent, _ => { });
        return _sandbox.Tool.ExecuteAsync(BashHarness.Input(command, null), context, CancellationToken.None).AsTask();
    }
}
