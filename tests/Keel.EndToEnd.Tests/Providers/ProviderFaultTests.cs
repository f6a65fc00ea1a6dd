using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Providers;

/// <summary>Each protocol's failures reach the same recovery: retries for 429/5xx/cut streams, compaction for a too-long prompt, a clear message for bad credentials.</summary>
public sealed class ProviderFaultTests
{
    public static TheoryData<string> Protocols => ["bedrock", "vertex", "openai-chat", "openai-responses"];

    private static string[] Args(string protocol, params string[] args) =>
        protocol.StartsWith("openai", StringComparison.Ordinal) ? [.. args, "--model", "coder"] : args;

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Rate_limits_server_errors_and_cut_streams_are_retried(string protocol)
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, protocol);
        s.Script(
            Fault.CutAfterEvents(3),
            Fault.RateLimited(retryAfterMs: 0),
            Fault.ServerError().Header("retry-after-ms", "0"),
            Turn.Text("Recovered."));

        var result = await s.RunAsync(Args(protocol, "-p", "hi", "--output-format", "stream-json", "--verbose"), env);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Recovered.");
        s.Server.MessageRequests.Count.ShouldBe(4);
        result.Stdout.Split('\n').Count(l => l.Contains("\"api_retry\"", StringComparison.Ordinal)).ShouldBe(3, result.Stdout);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task An_in_stream_error_is_retried(string protocol)
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, protocol);
        s.Script(Fault.StreamError("api_error", "Internal server error"), Turn.Text("Second try."));

        var result = await s.RunAsync(Args(protocol, "-p", "hi"), env);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Second try.");
        s.Server.MessageRequests.Count.ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task A_prompt_too_long_for_the_model_is_reported_as_such_without_retrying(string protocol)
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, protocol);
        s.Server.SetFallback(Fault.PromptTooLong());

        var result = await s.RunAsync(Args(protocol, "-p", "hi", "--output-format", "json"), env);

        result.ExitCode.ShouldNotBe(0);
        var json = Scenario.ParseJson(result);
        json["is_error"]!.GetValue<bool>().ShouldBeTrue();
        json["result"]!.GetValue<string>().ShouldContain("context window");
        s.Server.MessageRequests.Count.ShouldBeLessThanOrEqualTo(3, "a context error is not retried as if transient");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Rejected_credentials_fail_with_advice_for_that_provider(string protocol)
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, protocol);
        s.Server.SetFallback(Fault.Unauthorized());

        var result = await s.RunAsync(Args(protocol, "-p", "hi"), env);

        result.ExitCode.ShouldNotBe(0);
        var advice = protocol switch
        {
            "bedrock" => "AWS",
            "vertex" => "gcloud",
            _ => "TEAM_KEY",
        };
        result.Stderr.ShouldContain(advice, Case.Sensitive, result.ToString());
        result.Stderr.ShouldNotContain("ANTHROPIC_API_KEY");
        s.Server.MessageRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_model_that_refuses_tools_answers_without_them_after_one_notice()
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, "openai-chat");
        s.Script(
            Fault.BadRequest("registry.ollama.ai/library/team-coder-large:latest does not support tools"),
            Turn.Text("Plain answer without tools."));

        var result = await s.RunAsync(["-p", "hi", "--model", "coder"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Plain answer without tools.");
        s.Server.MessageRequests.Count.ShouldBe(2, "one refusal, one retry without tools: never a loop");
        s.Server.MessageRequests[0].Json!["tools"]!.AsArray().Count.ShouldBeGreaterThan(0);
        s.Server.MessageRequests[1].Json!["tools"].ShouldBeNull(result.ToString());
        var notices = result.Stderr.Split('\n').Where(l => l.Contains("does not support tools", StringComparison.Ordinal)).ToList();
        notices.Count.ShouldBe(1, result.Stderr);
        notices[0].ShouldContain("team/team-coder-large");
        notices[0].ShouldContain("modelCapabilities");
    }

    [Fact]
    public async Task A_second_refusal_of_the_same_feature_is_reported_as_an_error()
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, "openai-chat");
        s.Server.SetFallback(Fault.BadRequest("tools is not supported for this model"));

        var result = await s.RunAsync(["-p", "hi", "--model", "coder"], env);

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("tools is not supported", Case.Sensitive, result.ToString());
        s.Server.MessageRequests.Count.ShouldBe(2, "the retry without tools is the only one");
    }
}
