using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>Ctrl+B moves a running command to the background; /tasks shows its output and stops it.</summary>
public sealed class BackgroundTaskTests
{
    [Fact]
    public async Task Ctrl_b_moves_a_running_command_to_the_background_and_tasks_shows_its_output_and_stops_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Bash", """{"command":"echo started-$((40+2)); while :; do sleep 1; echo tick-$((6*7)); done"}"""),
            Turn.Text("Carrying on while it runs."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("start the watcher");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("ctrl+b to run in background");
        tmux.Keys("C-b");
        await tmux.WaitForAsync("Carrying on while it runs.");
        var result = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        result.ShouldContain("moved this command to the background");
        result.ShouldContain("bash_1");
        await tmux.WaitForReadyAsync();

        tmux.Type("/tasks");
        tmux.Keys("Enter");
        var picker = await tmux.WaitForAsync(screen => screen.Contains("bash_1 · shell · running", StringComparison.Ordinal) && screen.Contains("tick-42", StringComparison.Ordinal), "the task with its output");
        picker.ShouldContain("started-42");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Stop bash_1?");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Stopped bash_1 (shell).");

        tmux.Type("/tasks");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("bash_1 · shell · killed");
    }
}
