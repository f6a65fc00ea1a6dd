using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Recovery;

public sealed class AdaptiveThinkingTests
{
    [Fact]
    public async Task Effort_on_a_current_model_sends_adaptive_thinking_and_ultrathink_raises_it_for_one_prompt()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("thought hard"), Turn.Text("quick"));

        var first = await s.RunAsync("-p", "please ultrathink about this", "--effort", "low");
        var second = await s.RunAsync("-c", "-p", "a quick one", "--effort", "low");

        first.ExitCode.ShouldBe(0, first.ToString());
        second.ExitCode.ShouldBe(0, second.ToString());
        var requests = s.Server.MessageRequests;
        requests[0].Json!["thinking"]!.ToJsonString().ShouldBe("""{"type":"adaptive"}""");
        requests[0].Json!["output_config"]!["effort"]!.GetValue<string>().ShouldBe("high");
        requests[1].Json!["output_config"]!["effort"]!.GetValue<string>().ShouldBe("low");
        requests[1].BodyText.ShouldNotContain("budget_tokens");
    }

    [Fact]
    public async Task The_effortLevel_setting_applies_when_no_flag_or_variable_is_given()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("ok"), Turn.Text("ok"));

        var fromSettings = await s.RunAsync("-p", "hi", "--settings", """{"effortLevel":"medium"}""");
        var fromVariable = await s.RunAsync(["-p", "hi", "--settings", """{"effortLevel":"medium"}"""], env: new Dictionary<string, string?> { ["MAX_THINKING_TOKENS"] = "3000" });

        fromSettings.ExitCode.ShouldBe(0, fromSettings.ToString());
        fromVariable.ExitCode.ShouldBe(0, fromVariable.ToString());
        s.Server.MessageRequests[0].Json!["output_config"]!["effort"]!.GetValue<string>().ShouldBe("medium");
        s.Server.MessageRequests[1].Json!["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(3000);
        s.Server.MessageRequests[1].BodyText.ShouldNotContain("output_config");
    }
}
