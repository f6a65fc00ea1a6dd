using Keel.Core.Agent;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary><c>/btw</c> at the terminal: answered while the turn runs, in a panel of its own, and dismissed with Esc.</summary>
public sealed class SideQuestionTests
{
    [Fact]
    public async Task A_side_question_is_answered_while_the_turn_runs_without_joining_or_interrupting_it()
    {
        await using var s = await Scenario.StartAsync();
        var finishTurn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s.Script(
            Turn.ToolUse("Bash", """{"command":"sleep 30"}"""),
            Turn.Text("The build target is release."),
            Turn.Text("The turn finished after the side question.").After(finishTurn.Task));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash(sleep:*)"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("build it for release, then wait a while");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Bash(sleep 30) ·");

        // Asked while the turn runs: not queued behind it, answered in its own panel while the command still runs.
        tmux.Type("/btw which build target did I ask for?");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync("│ The build target is release.");
        screen.ShouldContain("by the way which build target did I ask for?");
        screen.ShouldContain("esc to dismiss");
        screen.ShouldContain("Bash(sleep 30) ·", customMessage: "the turn is still running");
        screen.ShouldNotContain("queued:");
        s.Server.MessageRequests.Count.ShouldBe(2);
        var question = s.Server.MessageRequests[1];
        question.Messages![^1]!.ToJsonString().ShouldContain(SideQuestionPrompt.Opening);
        question.Messages[^1]!.ToJsonString().ShouldContain(ConversationForkPending, customMessage: "the running command's call is answered as still running in the fork");

        // Esc closes the panel; the turn goes on (no interrupt).
        tmux.Keys("Escape");
        await tmux.WaitForAsync(screen => !screen.Contains("The build target is release.", StringComparison.Ordinal), "the panel dismissed");
        tmux.CaptureVisible().ShouldNotContain("Interrupted");

        // A second Esc interrupts the turn as usual; the side question never joined the conversation.
        tmux.Keys("Escape");
        await tmux.WaitForAsync("⎿ Interrupted");
        finishTurn.SetResult();
        tmux.Type("go on");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("The turn finished after the side question.");
        var next = s.Server.MessageRequests[^1];
        next.BodyText.ShouldNotContain("which build target");
        next.BodyText.ShouldNotContain("The build target is release.");
        tmux.Capture().ShouldNotContain("by the way: The build target", customMessage: "the answer was never written into the scrollback");
    }

    private const string ConversationForkPending = "still running in the main conversation";
}
