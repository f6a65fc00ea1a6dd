using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Recovery;

public sealed class RecoveryTests
{
    [Fact]
    public async Task Three_overloads_switch_to_the_fallback_model_and_say_so()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Overloaded(), Fault.Overloaded(), Fault.Overloaded(), Turn.Text("Fallback answered."));

        var result = await s.RunAsync(
            ["-p", "hi", "--model", "sonnet", "--fallback-model", "haiku", "--output-format", "stream-json", "--verbose"],
            timeout: TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests.Select(r => r.Model).ShouldBe(["claude-sonnet-5-5", "claude-sonnet-5-5", "claude-sonnet-5-5", "claude-haiku-5-5"]);
        var lines = StreamJsonLines.Parse(result.Stdout);
        var fallback = StreamJsonLines.OfType(lines, "system", "model_fallback").Single();
        fallback["from"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5");
        fallback["to"]!.GetValue<string>().ShouldBe("claude-haiku-5-5");
        lines[^1]["result"]!.GetValue<string>().ShouldBe("Fallback answered.");
    }

    [Fact]
    public async Task The_fallback_model_can_come_from_settings()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Overloaded(), Fault.Overloaded(), Fault.Overloaded(), Turn.Text("ok"));

        var result = await s.RunAsync(["-p", "hi", "--settings", """{"fallbackModel":"haiku"}"""], timeout: TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests[3].Model.ShouldBe("claude-haiku-5-5");
    }

    [Fact]
    public async Task A_max_tokens_stop_is_retried_with_a_higher_output_cap()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Cut off mid").StopReason("max_tokens"), Turn.Text("The complete answer."));

        var result = await s.RunAsync("-p", "hi");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("The complete answer.");
        s.Server.MessageRequests.Select(r => r.Json!["max_tokens"]!.GetValue<int>()).ShouldBe([32_000, 64_000]);
    }

    [Fact]
    public async Task The_budget_stops_before_the_next_request()
    {
        await using var s = await Scenario.StartAsync();
        // $0.495 of $0.50 spent: not even a short answer fits in what is left.
        s.Script(Turn.ToolUse("Glob", """{"pattern":"*"}""").Usage(160_000, 1_000), Turn.Text("unreached"));

        var result = await s.RunAsync("-p", "list files", "--max-budget-usd", "0.50", "--output-format", "json", "--model", "claude-sonnet-4-5");

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = Scenario.ParseJson(result);
        json["subtype"]!.GetValue<string>().ShouldBe("error_max_budget_usd");
        json["is_error"]!.GetValue<bool>().ShouldBeTrue();
        json["result"]!.GetValue<string>().ShouldContain("--max-budget-usd 0.5", customMessage: "the result names the limit that stopped the run");
        s.Server.MessageRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_budget_is_never_passed_by_the_request_that_would_pass_it()
    {
        await using var s = await Scenario.StartAsync();
        // Each response costs $0.33 on Sonnet 4.5 ($3 / $15 per million tokens): three fit in $1.00, a fourth would not.
        static ScriptedTurn Glob() => Turn.ToolUse("Glob", """{"pattern":"*"}""").Usage(100_000, 2_000);
        s.Script(Glob(), Glob(), Glob(), Turn.Text("unreached"));

        var result = await s.RunAsync("-p", "list files", "--max-budget-usd", "1.00", "--output-format", "json", "--model", "claude-sonnet-4-5");

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = Scenario.ParseJson(result);
        json["subtype"]!.GetValue<string>().ShouldBe("error_max_budget_usd");
        json["total_cost_usd"]!.GetValue<decimal>().ShouldBeLessThanOrEqualTo(1.00m);
        json["result"]!.GetValue<string>().ShouldContain("could cost up to");
        json["result"]!.GetValue<string>().ShouldContain("--max-budget-usd 1");
        s.Server.MessageRequests.Count.ShouldBe(3);
        // With $0.34 left the third request may not ask for more output than that pays for.
        var maxTokens = s.Server.MessageRequests.Select(r => r.Json!["max_tokens"]!.GetValue<int>()).ToList();
        maxTokens[2].ShouldBeLessThan(maxTokens[0]);
        (maxTokens[2] * 15m / 1_000_000m).ShouldBeLessThan(0.34m);
    }

    [Fact]
    public async Task A_subagent_s_requests_count_toward_the_budget_while_it_runs()
    {
        await using var s = await Scenario.StartAsync();
        // The agent's first request costs $0.39 of the $0.40: its next one does not fit, nor does the parent's.
        s.Script(
            Turn.ToolUse("Agent", """{"description":"survey","prompt":"list the files","subagent_type":"general-purpose"}""").Usage(1_000, 100),
            Turn.ToolUse("Glob", """{"pattern":"*"}""").Usage(120_000, 2_000),
            Turn.Text("unreached: the agent's second request"),
            Turn.Text("unreached: the parent's second request"));

        var result = await s.RunAsync("-p", "survey the project", "--max-budget-usd", "0.40", "--output-format", "json", "--model", "claude-sonnet-4-5");

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = Scenario.ParseJson(result);
        json["subtype"]!.GetValue<string>().ShouldBe("error_max_budget_usd");
        json["total_cost_usd"]!.GetValue<decimal>().ShouldBeLessThanOrEqualTo(0.40m);
        json["total_cost_usd"]!.GetValue<decimal>().ShouldBeGreaterThan(0.39m, "the agent's request is part of the session's cost");
        s.Server.MessageRequests.Count.ShouldBe(2, "neither the agent nor the parent sent a request the budget could not pay for");
    }

    [Fact]
    public async Task Parallel_agents_under_a_budget_never_pass_it_together()
    {
        await using var s = await Scenario.StartAsync();
        // The parent starts two agents at once. Each agent's request is answered only once both are in flight, and
        // every answer costs about its request's worst case: two agents that each counted on the whole rest of the
        // $0.80 would spend about a dollar between them.
        var bothAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var agentRequests = 0;
        s.Script(Turn.Create()
            .ToolUse("Agent", """{"description":"north","prompt":"survey the north wing","subagent_type":"general-purpose"}""")
            .ToolUse("Agent", """{"description":"south","prompt":"survey the south wing","subagent_type":"general-purpose"}""")
            .Usage(1_000, 100));
        s.Server.SetResponder(r =>
        {
            if (r.Messages!.Count != 1)
            {
                return Turn.Text("unreached: the parent's second request");
            }

            if (Interlocked.Increment(ref agentRequests) == 2)
            {
                bothAsked.TrySetResult();
            }

            // The whole prompt written to the cache (four bytes a token) and every output token allowed.
            var maxTokens = r.Json!["max_tokens"]!.GetValue<int>();
            return Turn.Create().WaitFor(() => bothAsked.Task.WaitAsync(TimeSpan.FromSeconds(30))).Text("Surveyed.").Usage(0, maxTokens, cacheCreation: r.Body.Length / 4);
        });

        var result = await s.RunAsync("-p", "survey the project", "--max-budget-usd", "0.80", "--output-format", "json", "--model", "claude-sonnet-4-5");

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = Scenario.ParseJson(result);
        json["subtype"]!.GetValue<string>().ShouldBe("error_max_budget_usd", result.ToString());
        json["result"]!.GetValue<string>().ShouldContain("--max-budget-usd 0.8", customMessage: "the result names the limit that stopped the run");
        json["total_cost_usd"]!.GetValue<decimal>().ShouldBeLessThanOrEqualTo(0.80m);
        var agents = s.Server.MessageRequests.Skip(1).Where(r => r.Messages!.Count == 1).ToList();
        agents.Count.ShouldBe(2, "both agents asked once, at the same time");
        var allowed = agents.Select(r => r.Json!["max_tokens"]!.GetValue<int>()).Order().ToList();
        allowed[0].ShouldBeLessThan(allowed[1], "the second agent's request may only ask for what the first one's worst case leaves");
        s.Server.MessageRequests.Count.ShouldBe(3, "the parent did not send a request the rest of the budget could not pay for");
    }

    [Fact]
    public async Task An_answer_cut_at_the_tokens_the_budget_pays_for_stops_the_run_and_keeps_the_text()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("The first half of a long answer").StopReason("max_tokens").Usage(1_000, 5_000), Turn.Text("unreached"));

        var result = await s.RunAsync("-p", "explain", "--max-budget-usd", "0.20", "--output-format", "json", "--model", "claude-sonnet-4-5");

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = Scenario.ParseJson(result);
        json["subtype"]!.GetValue<string>().ShouldBe("error_max_budget_usd");
        json["result"]!.GetValue<string>().ShouldContain("cut off at");
        s.Server.MessageRequests.Count.ShouldBe(1);
        s.Server.MessageRequests[0].Json!["max_tokens"]!.GetValue<int>().ShouldBeLessThan(13_400);
    }

    [Fact]
    public async Task A_401_runs_the_api_key_helper_again_and_retries_with_the_new_key()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Unauthorized(), Turn.Text("Authorised."));
        var counter = Path.Combine(s.Workspace.Home, "helper-runs");
        var helper = $"echo x >> {counter}; echo sk-helper-$(wc -l < {counter} | tr -d ' ')";
        var settings = $$"""{"apiKeyHelper":"{{helper}}"}""";

        var result = await s.RunAsync("-p", "hi", "--settings", settings);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Authorised.");
        s.Server.MessageRequests.Select(r => r.Headers["x-api-key"]).ShouldBe(["sk-helper-1", "sk-helper-2"]);
    }

    [Fact]
    public async Task Without_a_helper_a_401_fails_fast_with_advice()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Unauthorized(), Turn.Text("unreached"));

        var result = await s.RunAsync("-p", "hi");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("ANTHROPIC_API_KEY");
        s.Server.MessageRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Effort_sets_a_fixed_thinking_budget_on_models_without_adaptive_thinking()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "hi", "--effort", "medium", "--model", "claude-sonnet-4-5");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests[0].Json!["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(16_384);
    }
}
