using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

public sealed class StreamRobustnessTests
{
    [Fact]
    public async Task A_ten_megabyte_text_delta_arrives_whole()
    {
        await using var s = await Scenario.StartAsync();
        var huge = new string('k', 10 * 1024 * 1024);
        s.Script(Turn.Text(huge).ChunkSize(huge.Length));

        var result = await s.RunAsync(["-p", "say a lot", "--no-session-persistence"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.TrimEnd('\n').Length.ShouldBe(huge.Length);
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
    public async Task A_malformed_sse_data_line_ends_the_run_with_a_clear_error_not_a_crash()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("partial").Event("content_block_delta", "{this is not json"));

        var result = await s.RunAsync("-p", "hi", "--output-format", "json");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldNotContain("Unhandled exception");
        var json = Scenario.ParseJson(result);
        json["is_error"]!.GetValue<bool>().ShouldBeTrue();
        json["result"]!.GetValue<string>().ShouldContain("API Error");
    }
}
