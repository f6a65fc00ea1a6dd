using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary><c>!cmd</c> at the prompt runs through the tool-call pipeline with the session's Bash tool.</summary>
public sealed class DirectShellTests
{
    [Fact]
    public async Task A_bang_command_under_the_sandbox_cannot_write_outside_the_project()
    {
        await using var s = await Scenario.StartAsync();
        var outside = Path.Combine(s.Workspace.Home, "escaped-by-bang.txt");
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--sandbox", "--dangerously-skip-permissions"]);
        await tmux.WaitForReadyAsync();

        // The permission layer allows everything here; only the sandbox can stop the write.
        tmux.Type($"!touch {outside}; echo bang-outside=$?; touch inside-bang.txt; echo bang-inside=$?");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync(static screen => screen.Contains("bang-inside=0", StringComparison.Ordinal) || screen.Contains("bang-inside=1", StringComparison.Ordinal), "the command's output");

        screen.ShouldContain("bang-outside=1");
        screen.ShouldContain("bang-inside=0");
        File.Exists(outside).ShouldBeFalse();
        s.Workspace.Exists("inside-bang.txt").ShouldBeTrue();
    }
}
