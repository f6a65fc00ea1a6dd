using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests;

/// <summary>The installed keel against a server that spends quotas, stalls, never stops, or breaks the protocol.</summary>
public sealed class HostileStreamTests
{
    [Fact]
    public async Task A_spent_quota_stops_after_one_request_with_a_clear_message()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.QuotaExhausted(), Turn.Text("unreached"));

        var result = await s.RunAsync(["-p", "hi", "--output-format", "json"], env: new Dictionary<string, string?> { ["KEEL_UNATTENDED_RETRY"] = "1" });

        result.ExitCode.ShouldBe(1, result.ToString());
        s.Server.MessageRequests.Count.ShouldBe(1);
        var message = Scenario.ParseJson(result)["result"]!.GetValue<string>();
        message.ShouldContain("spend limit, quota or credit is exhausted, so Keel did not retry");
        message.ShouldContain("monthly spend limit");
        message.ShouldContain("[request-id: req_fake_1]");
    }

    [Fact]
    public async Task A_server_that_never_starts_answering_is_retried_within_the_first_byte_limit()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Delay(TimeSpan.FromMinutes(5)), Turn.Text("Second try answered."));

        var result = await s.RunAsync(
            ["-p", "hi", "--output-format", "stream-json", "--verbose"],
            env: new Dictionary<string, string?> { ["KEEL_FIRST_BYTE_TIMEOUT_MS"] = "2000" },
            timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        var retry = StreamJsonLines.OfType(lines, "system", "api_retry").Single();
        retry["message"]!.GetValue<string>().ShouldContain("KEEL_FIRST_BYTE_TIMEOUT_MS");
        lines[^1]["result"]!.GetValue<string>().ShouldBe("Second try answered.");
        s.Server.MessageRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_socket_that_goes_silent_mid_stream_is_retried_within_the_idle_limit()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.StallAfterEvents(3, TimeSpan.FromMinutes(5)), Turn.Text("After the silence."));

        var result = await s.RunAsync(
            ["-p", "hi", "--output-format", "stream-json", "--verbose"],
            env: new Dictionary<string, string?> { ["KEEL_STREAM_IDLE_TIMEOUT_MS"] = "2000" },
            timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        StreamJsonLines.OfType(lines, "system", "api_retry").Single()["message"]!.GetValue<string>().ShouldContain("KEEL_STREAM_IDLE_TIMEOUT_MS");
        lines[^1]["result"]!.GetValue<string>().ShouldBe("After the silence.");
    }

    [Fact]
    public async Task Endless_deltas_are_cut_at_the_ceiling_from_max_tokens_and_the_text_is_kept()
    {
        await using var s = await Scenario.StartAsync();
        var endless = Fault.EndlessText(chunkChars: 1000);
        s.Script(endless, Turn.Text("unreached"));

        // max_tokens is 32,000 for the default model; 2 characters per token puts the ceiling at 64,000.
        var result = await s.RunAsync(
            ["-p", "hi", "--output-format", "json"],
            env: new Dictionary<string, string?> { ["KEEL_OUTPUT_CHARS_PER_TOKEN"] = "2" },
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = Scenario.ParseJson(result);
        var message = json["result"]!.GetValue<string>();
        message.ShouldContain("more than 64,000 characters, more than max_tokens=32000 allows");
        message.ShouldContain("[request-id: req_fake_1]");
        s.Server.MessageRequests.Count.ShouldBe(1);

        // Reading stopped: the server could only push what fits in the socket buffers past the ceiling.
        endless.EndlessCharsSent.ShouldBeLessThan(32L * 1024 * 1024);

        var transcript = TranscriptLines(s, json["session_id"]!.GetValue<string>());
        var kept = transcript.Last(l => (string?)l["type"] == "assistant");
        var text = string.Concat(kept["message"]!["content"]!.AsArray().Select(b => (string?)b!["text"]));
        text.Length.ShouldBe(64_000);
        text.ShouldAllBe(c => c == 'z');
    }

    [Fact]
    public async Task A_duplicate_block_start_runs_no_tool_and_the_retry_is_used()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.DuplicateBlockStart("""{"command":"touch first.txt"}""", """{"command":"touch second.txt"}"""), Turn.Text("Recovered."));

        var result = await s.RunAsync(["-p", "hi", "--output-format", "stream-json", "--verbose", "--allowedTools", "Bash"], timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(Path.Combine(s.Workspace.Path, "first.txt")).ShouldBeFalse();
        File.Exists(Path.Combine(s.Workspace.Path, "second.txt")).ShouldBeFalse();
        s.Server.MessageRequests.Count.ShouldBe(2);
        var lines = StreamJsonLines.Parse(result.Stdout);
        StreamJsonLines.OfType(lines, "system", "api_retry").Single()["message"]!.GetValue<string>()
            .ShouldContain("a second content_block_start for index 0");
        result.Stdout.ShouldNotContain("toolu_dup");
        lines[^1]["result"]!.GetValue<string>().ShouldBe("Recovered.");
    }

    [Fact]
    public async Task A_delta_for_a_block_never_started_runs_no_tool_and_a_persistent_break_is_reported()
    {
        await using var s = await Scenario.StartAsync();
        var broken = () => Fault.DeltaForUnknownIndex("Bash", """{"command":"touch stray.txt"}""");
        s.Script(broken(), broken(), broken(), Turn.Text("unreached"));

        var result = await s.RunAsync(["-p", "hi", "--output-format", "json", "--allowedTools", "Bash"], timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(1, result.ToString());
        File.Exists(Path.Combine(s.Workspace.Path, "stray.txt")).ShouldBeFalse();
        s.Server.MessageRequests.Count.ShouldBe(3);
        var message = Scenario.ParseJson(result)["result"]!.GetValue<string>();
        message.ShouldContain("content_block_delta for index 7, which was never started");
        message.ShouldContain("[request-id: req_fake_3; 3 attempts]");
    }

    [Fact]
    public async Task Stream_json_prints_no_block_of_an_abandoned_attempt()
    {
        await using var s = await Scenario.StartAsync();

        // Events: message_start, block 0 (start, delta, stop), then the cut right after block 1 starts.
        var cut = Turn.Text("ABANDONED first block").Text("second block never finishes").ChunkSize(1000).Pings(false).CutAfterEvents(5);
        s.Script(cut, Turn.Text("The real answer."));

        var result = await s.RunAsync(["-p", "hi", "--output-format", "stream-json", "--verbose"], timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldNotContain("ABANDONED");
        var lines = StreamJsonLines.Parse(result.Stdout);
        var assistant = lines.Where(l => (string?)l["type"] == "assistant").ToList();
        assistant.Count.ShouldBe(1);
        assistant[0]["message"]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("The real answer.");
        StreamJsonLines.OfType(lines, "system", "api_retry").Count.ShouldBe(1);
    }

    [Fact]
    public async Task With_partial_messages_the_abandoned_attempt_appears_only_as_stream_events()
    {
        await using var s = await Scenario.StartAsync();
        var cut = Turn.Text("ABANDONED first block").Text("second").ChunkSize(1000).Pings(false).CutAfterEvents(5);
        s.Script(cut, Turn.Text("The real answer."));

        var result = await s.RunAsync(["-p", "hi", "--output-format", "stream-json", "--verbose", "--include-partial-messages"], timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        lines.Where(l => l.ToJsonString().Contains("ABANDONED", StringComparison.Ordinal))
            .ShouldAllBe(l => (string?)l["type"] == "stream_event");
        lines.Count(l => (string?)l["type"] == "assistant").ShouldBe(1);
    }

    private static List<JsonNode> TranscriptLines(Scenario s, string sessionId)
    {
        var path = Directory.GetFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), sessionId + ".jsonl", SearchOption.AllDirectories).Single();
        return [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!)];
    }
}
