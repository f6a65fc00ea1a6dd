using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Recovery;

public sealed class TokenBudgetTests
{
    [Fact]
    public async Task A_token_budget_in_the_prompt_keeps_the_model_going_until_it_is_nearly_spent()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.Text("Chapter one.").Usage(100, 4_000),
            Turn.Text("Chapter two.").Usage(100, 4_000),
            Turn.Text("Chapter three, the end.").Usage(100, 1_500),
            Turn.Text("never requested"));

        var result = await s.RunAsync("-p", "write the whole guide +10k", "--output-format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.ParseJson(result)["result"]!.GetValue<string>().ShouldBe("Chapter three, the end.");
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(3);
        var nudge = requests[1].Messages![^1]!["content"]!.ToJsonString();
        nudge.ShouldContain("4,000 of the 10,000");
        requests[2].Messages![^1]!["content"]!.ToJsonString().ShouldContain("8,000 of the 10,000");
        s.AssertInvariants();
    }
}
