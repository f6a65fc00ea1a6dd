using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Engine;

/// <summary>Explore and Plan get read-only Bash, enforced by the permission decision rather than their prompt.</summary>
public sealed class ReadOnlyAgentTests
{
    [Fact]
    public async Task Explore_cannot_run_a_writing_command_even_when_permissions_are_bypassed_but_reads_still_run()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.txt", "alpha");
        s.Server.SetResponder(request =>
        {
            var first = request.Messages![0]!.ToJsonString();
            var count = request.Messages!.Count;
            if (first.Contains("TASK-X", StringComparison.Ordinal))
            {
                return count switch
                {
                    1 => Turn.ToolUse("Bash", """{"command":"touch made.txt"}"""),
                    3 => Turn.ToolUse("Bash", """{"command":"cat notes.txt"}"""),
                    _ => Turn.Text("explored"),
                };
            }

            return count == 1
                ? Turn.ToolUse("Agent", """{"description":"look","prompt":"TASK-X: look around","subagent_type":"Explore"}""")
                : Turn.Text("done");
        });

        var result = await s.RunAsync("-p", "explore", "--permission-mode", "bypassPermissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("made.txt").ShouldBeFalse();
        var child = s.Server.MessageRequests.Where(r => r.Messages![0]!.ToJsonString().Contains("TASK-X", StringComparison.Ordinal)).ToList();
        child.Count.ShouldBe(3);
        var refused = Scenario.LastToolResults(child[1]).Single();
        refused["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(refused).ShouldContain("read-only");
        var read = Scenario.LastToolResults(child[2]).Single();
        Scenario.ResultText(read).ShouldContain("alpha");
        s.AssertInvariants();
    }
}
