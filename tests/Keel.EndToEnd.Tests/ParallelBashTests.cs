using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

/// <summary>Read-only Bash calls of one response run together; a failing Bash call cancels the ones running beside it.</summary>
public sealed class ParallelBashTests
{
    [Fact]
    public async Task Read_only_calls_run_at_the_same_time_and_a_failure_cancels_its_running_sibling()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "alpha\n");
        // tail -f never ends by itself: the run finishes only if the failing cat runs beside it and cancels it.
        s.Script(
            Turn.Create()
                .ToolUse("Bash", """{"command":"tail -f a.txt"}""")
                .ToolUse("Bash", """{"command":"cat missing.txt"}"""),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "go", "--allowedTools", "Bash");

        result.ExitCode.ShouldBe(0, result.ToString());
        var results = Scenario.LastToolResults(s.Server.MessageRequests[1]);
        results.Count.ShouldBe(2);
        // tail was stopped when its sibling failed. (Whether tail printed "alpha" first is a race with cat.)
        results[0]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(results[0]).ShouldContain("interrupted");
        results[1]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(results[1]).ShouldContain("missing.txt");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_command_that_writes_runs_alone_after_the_read_only_ones()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.Create()
                .ToolUse("Bash", """{"command":"cat missing.txt"}""")
                .ToolUse("Bash", """{"command":"echo made > made.txt"}"""),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "go", "--allowedTools", "Bash");

        // The write is not a sibling of the failing read: it runs after it, and runs.
        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("made.txt").ShouldBe("made\n");
        var results = Scenario.LastToolResults(s.Server.MessageRequests[1]);
        results.Count.ShouldBe(2);
        Scenario.ResultText(results[1]).ShouldNotContain("sibling");
        s.AssertInvariants();
    }
}
