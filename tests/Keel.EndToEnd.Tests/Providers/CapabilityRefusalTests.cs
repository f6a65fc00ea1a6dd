using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Providers;

/// <summary>
/// A server of each Anthropic-model protocol refuses a feature in its own words: keel turns it off for that model,
/// says so once, and the same turn succeeds with the second request.
/// </summary>
public sealed class CapabilityRefusalTests
{
    private static void ExactlyOneNotice(KeelResult result, string words)
    {
        var notices = result.Stderr.Split('\n').Where(l => l.Contains(words, StringComparison.Ordinal)).ToList();
        notices.Count.ShouldBe(1, result.ToString());
    }

    [Fact]
    public async Task The_messages_api_refusing_a_thinking_budget_gets_adaptive_thinking_instead()
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, "anthropic");
        env["MAX_THINKING_TOKENS"] = "20000";
        s.Script(
            Fault.BadRequest("\"thinking.type.enabled\" is not supported for this model. Use \"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior."),
            Turn.Text("Answered with adaptive thinking."));

        var result = await s.RunAsync(["-p", "hi"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Answered with adaptive thinking.");
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(2, "one refusal, one retry: never a loop");
        requests[0].Json!["thinking"]!["type"]!.GetValue<string>().ShouldBe("enabled");
        requests[1].Json!["thinking"]!["type"]!.GetValue<string>().ShouldBe("adaptive");
        requests[1].Json!["output_config"]!["effort"]!.GetValue<string>().ShouldBe("medium");
        ExactlyOneNotice(result, "takes only adaptive thinking");
    }

    [Fact]
    public async Task Bedrock_refusing_the_effort_parameter_gets_a_fixed_thinking_budget()
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, "bedrock");
        s.Script(
            Fault.BadRequest("output_config.effort: Extra inputs are not permitted"),
            Turn.Text("Answered with a budget."));

        var result = await s.RunAsync(["-p", "hi", "--effort", "high"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Answered with a budget.");
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(2);
        requests[0].Json!["output_config"]!["effort"]!.GetValue<string>().ShouldBe("high");
        requests[1].Json!["output_config"].ShouldBeNull();
        requests[1].Json!["thinking"]!["type"]!.GetValue<string>().ShouldBe("enabled");
        requests[1].Json!["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(32_768);
        ExactlyOneNotice(result, "does not take adaptive thinking");
        result.Stderr.ShouldContain("bedrock/");
    }

    [Fact]
    public async Task Vertex_refusing_thinking_answers_without_it()
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, "vertex");
        s.Script(
            Fault.BadRequest("'claude-sonnet-5-5' does not support thinking."),
            Turn.Text("Answered without thinking."));

        var result = await s.RunAsync(["-p", "hi", "--effort", "low"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(2);
        requests[0].Json!["thinking"].ShouldNotBeNull();
        requests[1].Json!["thinking"].ShouldBeNull();
        requests[1].Json!["output_config"].ShouldBeNull();
        ExactlyOneNotice(result, "does not support thinking");
    }

    [Fact]
    public async Task Bedrock_refusing_tool_use_answers_without_tools()
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, "bedrock");
        s.Script(
            Fault.BadRequest("This model doesn't support tool use in streaming mode."),
            Turn.Text("Plain answer."));

        var result = await s.RunAsync(["-p", "hi"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(2);
        requests[0].Json!["tools"]!.AsArray().Count.ShouldBeGreaterThan(0);
        requests[1].Json!["tools"].ShouldBeNull();
        ExactlyOneNotice(result, "does not support tools");
    }

    [Fact]
    public async Task A_server_that_rejects_the_parallel_tool_calls_parameter_gets_the_request_without_it()
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, "openai-chat");
        ProviderWorld.WriteUserSettings(s, $$"""
            { "providers": { "team": { "type": "openai", "baseUrl": "{{s.Server.BaseUrl}}/v1", "apiKeyEnv": "TEAM_KEY", "models": { "coder": "team-coder-large" } } },
              "provider": "team",
              "modelCapabilities": { "team-coder-large": { "parallelTools": false } } }
            """);
        s.Script(
            Fault.BadRequest("Unsupported parameter: 'parallel_tool_calls' is not supported with this model."),
            Turn.Text("Answered."));

        var result = await s.RunAsync(["-p", "hi", "--model", "coder"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Answered.");
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(2, "the parameter is dropped once, not retried in a loop");
        requests[0].Json!["parallel_tool_calls"]!.GetValue<bool>().ShouldBeFalse();
        requests[1].Json!["parallel_tool_calls"].ShouldBeNull();
        requests[1].Json!["tools"]!.AsArray().Count.ShouldBeGreaterThan(0, "only the parameter goes; the tools stay");
        ExactlyOneNotice(result, "does not accept the parallel_tool_calls parameter");
    }
}
