using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task A_rate_limit_is_retried_after_retry_after_and_reported_in_stream_json()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.RateLimited(retryAfterMs: 50), Turn.Text("Made it."));

        var result = await s.RunAsync("-p", "hi", "--output-format", "stream-json", "--verbose");

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        var retry = StreamJsonLines.OfType(lines, "system", "api_retry").Single();
        retry["error_status"]!.GetValue<int>().ShouldBe(429);
        retry["retry_delay_ms"]!.GetValue<long>().ShouldBe(50);
        lines[^1]["result"]!.GetValue<string>().ShouldBe("Made it.");
        s.Server.MessageRequests.Count.ShouldBe(2);
        s.Server.MessageRequests[0].BodyText.ShouldBe(s.Server.MessageRequests[1].BodyText);
    }

    [Fact]
    public async Task Repeated_overload_gives_up_with_an_api_error_result()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Overloaded(), Fault.Overloaded(), Fault.Overloaded(), Turn.Text("unreached"));

        var result = await s.RunAsync(["-p", "hi", "--output-format", "json"], timeout: TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = Scenario.ParseJson(result);
        json["is_error"]!.GetValue<bool>().ShouldBeTrue();
        json["api_error_status"]!.GetValue<int>().ShouldBe(529);
        json["terminal_reason"]!.GetValue<string>().ShouldBe("api_error");
        s.Server.MessageRequests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Should_retry_false_stops_at_once()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Status(429, new Dictionary<string, string> { ["x-should-retry"] = "false" }), Turn.Text("unreached"));

        var result = await s.RunAsync("-p", "hi");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("429");
        s.Server.MessageRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_cut_stream_and_an_in_stream_error_are_retried_from_scratch()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Fault.CutAfterEvents(4, Turn.Text("This answer will be cut off halfway through the stream.")),
            Fault.StreamError(),
            Turn.Text("Complete answer."));

        var result = await s.RunAsync(["-p", "hi"], timeout: TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Complete answer.");
        s.Server.MessageRequests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_stalled_stream_is_abandoned_and_retried()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.StallAfterEvents(2, TimeSpan.FromSeconds(30)), Turn.Text("After the stall."));

        var result = await s.RunAsync(["-p", "hi"], env: new Dictionary<string, string?> { ["KEEL_STREAM_IDLE_TIMEOUT_MS"] = "300" }, timeout: TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("After the stall.");
    }

    [Fact]
    public async Task Unknown_events_and_block_types_do_not_break_the_run()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.UnknownEvent(), Fault.UnknownBlock().Text("Still fine."), Turn.Text("Done."));

        var first = await s.RunAsync("-p", "one");
        var second = await s.RunAsync("-c", "-p", "two");
        var third = await s.RunAsync("-c", "-p", "three");

        first.ExitCode.ShouldBe(0, first.ToString());
        first.Stdout.ShouldContain("Before the unknown event. After it.");
        second.ExitCode.ShouldBe(0, second.ToString());
        third.ExitCode.ShouldBe(0, third.ToString());
        s.Server.MessageRequests[2].BodyText.ShouldContain("fancy_block");
    }

    [Fact]
    public async Task Malformed_tool_input_from_the_model_becomes_an_error_result()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Read", """{"file_path": "a.txt", """), Turn.Text("Sorry, retrying differently."));

        var result = await s.RunAsync("-p", "read");

        result.ExitCode.ShouldBe(0, result.ToString());
        var toolResult = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        toolResult["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(toolResult).ShouldContain("JSON");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Max_turns_ends_the_run_as_an_error()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "a");
        s.Script(Turn.ToolUse("Read", """{"file_path":"a.txt"}"""), Turn.Text("unreached"));

        var result = await s.RunAsync("-p", "go", "--max-turns", "1", "--output-format", "json");

        result.ExitCode.ShouldBe(1);
        Scenario.ParseJson(result)["subtype"]!.GetValue<string>().ShouldBe("error_max_turns");
        s.Server.MessageRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_missing_api_key_is_a_clear_error()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync(["-p", "hi"], env: new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = null });

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("ANTHROPIC_API_KEY");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dead_server_is_reported_not_crashed_on()
    {
        await using var s = await Scenario.StartAsync();
        var port = s.Server.Port;
        await s.Server.DisposeAsync();

        var result = await s.RunAsync(["-p", "hi"], env: new Dictionary<string, string?> { ["ANTHROPIC_BASE_URL"] = $"http://127.0.0.1:{port}", ["KEEL_MAX_RETRIES"] = "1" }, timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("Error");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com")]
    public async Task A_malformed_base_url_is_a_clear_error_not_a_crash(string baseUrl)
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync(["-p", "hi"], env: new Dictionary<string, string?> { ["ANTHROPIC_BASE_URL"] = baseUrl });

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain($"ANTHROPIC_BASE_URL \"{baseUrl}\" is not an http(s) URL");
        result.Stderr.ShouldNotContain("Unhandled exception");
        s.Server.MessageRequests.ShouldBeEmpty();
    }
}
