using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests;

public sealed class StreamRobustnessTests
{
    [Fact]
    public async Task A_ten_megabyte_text_delta_arrives_whole()
    {
        await using var s = await Scenario.StartAsync();
        var huge = new string('k', 10 * 1024 * 1024);
        s.Script(Turn.Text(huge).ChunkSize(huge.Length));

        // 10 MB is far past what max_tokens allows; the ceiling is raised so only the parsing is tested here.
        var result = await s.RunAsync(
            ["-p", "say a lot", "--no-session-persistence"],
            env: new Dictionary<string, string?> { ["KEEL_OUTPUT_CHARS_PER_TOKEN"] = "1000" },
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.TrimEnd('\n').Length.ShouldBe(huge.Length);
    }

    [Fact]
    public async Task A_huge_delta_is_passed_through_whole_as_a_partial_stream_event()
    {
        // Over a few MiB a delta's bytes are given back while it is decoded; the stream event is written from its fields.
        await using var s = await Scenario.StartAsync();
        var huge = string.Concat(Enumerable.Repeat("ligne \"é\" 日本\t\\ \U0001F600\n", 120_000));
        s.Script(Turn.Text(huge).ChunkSize(huge.Length));

        var result = await s.RunAsync(
            ["-p", "say a lot", "--output-format", "stream-json", "--verbose", "--include-partial-messages"],
            env: new Dictionary<string, string?> { ["KEEL_OUTPUT_CHARS_PER_TOKEN"] = "1000" },
            timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.Stderr);
        var lines = StreamJsonLines.Parse(result.Stdout);
        var deltas = StreamJsonLines.OfType(lines, "stream_event").Select(e => e["event"]!).Where(e => e["type"]!.GetValue<string>() == "content_block_delta").ToList();
        var delta = deltas.ShouldHaveSingleItem();
        delta["index"]!.GetValue<int>().ShouldBe(0);
        delta["delta"]!["type"]!.GetValue<string>().ShouldBe("text_delta");
        delta["delta"]!["text"]!.GetValue<string>().ShouldBe(huge);
        StreamJsonLines.OfType(lines, "result").ShouldHaveSingleItem()["result"]!.GetValue<string>().ShouldBe(huge);
    }

    [Fact]
    public async Task Ten_thousand_one_character_deltas_are_folded_in_order()
    {
        await using var s = await Scenario.StartAsync();
        var text = string.Concat(Enumerable.Range(0, 10_000).Select(i => (char)('a' + (i % 26))));
        s.Script(Turn.Text(text).ChunkSize(1).Pings(false));

        var result = await s.RunAsync(["-p", "spell it"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.TrimEnd('\n').ShouldBe(text);
    }

    [Fact]
    public async Task A_malformed_sse_data_line_that_persists_ends_the_run_with_a_clear_error_not_a_crash()
    {
        await using var s = await Scenario.StartAsync();
        var malformed = () => Turn.Text("partial").Event("content_block_delta", "{this is not json");
        s.Script(malformed(), malformed(), malformed(), Turn.Text("unreached"));

        var result = await s.RunAsync("-p", "hi", "--output-format", "json");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldNotContain("Unhandled exception");
        var json = Scenario.ParseJson(result);
        json["is_error"]!.GetValue<bool>().ShouldBeTrue();
        var message = json["result"]!.GetValue<string>();
        message.ShouldContain("API Error");
        message.ShouldContain("malformed data");
        message.ShouldContain("3 attempts");
        s.Server.MessageRequests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_malformed_sse_data_line_once_is_retried()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("partial").Event("content_block_delta", "{this is not json"), Turn.Text("Whole answer."));

        var result = await s.RunAsync("-p", "hi");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Whole answer.");
        s.Server.MessageRequests.Count.ShouldBe(2);
    }
}
