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

    [Fact]
    public async Task A_bang_command_runs_without_a_dialog_deny_rules_still_hold_and_its_output_reaches_the_model()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("I can see the marker."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--disallowedTools", "Bash(rm:*)"]);
        await tmux.WaitForReadyAsync();

        // touch would ask for a model's call; typed by the user it just runs.
        tmux.Type("!touch typed.txt && echo marker-$((6*7))");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync("marker-42");
        screen.ShouldNotContain("allow this call?");
        s.Workspace.Exists("typed.txt").ShouldBeTrue();
        await tmux.WaitForReadyAsync();

        tmux.Type("!rm typed.txt");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Not run:");
        s.Workspace.Exists("typed.txt").ShouldBeTrue();
        await tmux.WaitForReadyAsync();

        tmux.Type("what did the command print?");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("I can see the marker.");
        var last = s.Server.MessageRequests.ShouldHaveSingleItem().Messages![^1]!;
        var sent = string.Join("\n", last["content"]!.AsArray().Select(static b => (string?)b!["text"]));
        sent.ShouldContain("<bash-input>touch typed.txt && echo marker-$((6*7))</bash-input>");
        sent.ShouldContain("marker-42");
        sent.ShouldContain("what did the command print?");
    }
}
