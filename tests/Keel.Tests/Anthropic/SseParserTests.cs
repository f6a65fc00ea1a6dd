using System.Text;
using Keel.Anthropic.Sse;

namespace Keel.Tests.Anthropic;

public sealed class SseParserTests
{
    // Multi-byte UTF-8 (é, 日本, an emoji) so splits land inside sequences too.
    private const string Sample =
        "event: message_start\n" +
        "data: {\"type\":\"message_start\"}\n" +
        "\n" +
        ": keep-alive comment\n" +
        "event: content_block_delta\n" +
        "data: {\"text\":\"héllo 日本 🚀\"}\n" +
        "\n" +
        "event:ping\n" +
        "data:{\"type\":\"ping\"}\n" +
        "\n" +
        "data: first line\n" +
        "data: second line\n" +
        "\n";

    private static readonly SseEvent[] Expected =
    [
        new("message_start", "{\"type\":\"message_start\"}"),
        new("content_block_delta", "{\"text\":\"héllo 日本 🚀\"}"),
        new("ping", "{\"type\":\"ping\"}"),
        new(null, "first line\nsecond line"),
    ];

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Parses_every_line_ending_style(string newline)
    {
        Parse(Sample.Replace("\n", newline)).ShouldBe(Expected);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Splitting_the_stream_at_any_byte_gives_the_same_events(string newline)
    {
        var bytes = Encoding.UTF8.GetBytes(Sample.Replace("\n", newline));
        for (var split = 0; split <= bytes.Length; split++)
        {
            ParseChunks(bytes[..split], bytes[split..]).ShouldBe(Expected, ignoreOrder: false, customMessage: $"split at byte {split}");
        }
    }

    [Fact]
    public void Byte_by_byte_feeding_gives_the_same_events()
    {
        var bytes = Encoding.UTF8.GetBytes(Sample.Replace("\n", "\r\n"));
        ParseChunks([.. bytes.Select(b => new[] { b })]).ShouldBe(Expected);
    }

    [Fact]
    public void Comments_and_unknown_fields_are_ignored()
    {
        Parse(":comment\nid: 7\nretry: 1000\nfoo: bar\ndata: x\n:another\n\n")
            .ShouldBe([new SseEvent(null, "x")]);
    }

    [Fact]
    public void A_blank_line_without_data_dispatches_nothing_and_resets_the_event_name()
    {
        Parse("event: ping\n\ndata: y\n\n").ShouldBe([new SseEvent(null, "y")]);
    }

    [Fact]
    public void Only_one_space_after_the_colon_is_removed()
    {
        Parse("data:  two spaces\n\ndata\n\n").ShouldBe([new SseEvent(null, " two spaces"), new SseEvent(null, string.Empty)]);
    }

    [Fact]
    public void A_final_event_without_its_blank_line_is_still_delivered_on_completion()
    {
        Parse("event: message_stop\ndata: {}").ShouldBe([new SseEvent("message_stop", "{}")]);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_skipped()
    {
        Parse("\uFEFFdata: z\n\n").ShouldBe([new SseEvent(null, "z")]);
    }

    [Fact]
    public void A_line_longer_than_any_buffer_survives_many_chunks()
    {
        var big = new string('a', 100_000);
        var bytes = Encoding.UTF8.GetBytes($"data: {big}\n\n");
        ParseChunks([.. bytes.Chunk(1000)]).ShouldBe([new SseEvent(null, big)]);
    }

    [Fact]
    public void A_data_line_split_anywhere_after_a_byte_order_mark_keeps_its_value()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFFdata: first\ndata:\n\ndata: x\r\n\r\n");
        for (var split = 0; split <= bytes.Length; split++)
        {
            ParseChunks(bytes[..split], bytes[split..]).ShouldBe([new SseEvent(null, "first\n"), new SseEvent(null, "x")], customMessage: $"split at byte {split}");
        }
    }

    [Fact]
    public void Data_past_the_small_buffer_is_handed_over_in_segments_and_the_next_event_starts_clean()
    {
        var big = string.Concat(Enumerable.Repeat("0123456789", 50_000));
        var bytes = Encoding.UTF8.GetBytes($"data: {big}\ndata: tail\n\ndata: small\n\n");

        var events = ParseChunks([.. bytes.Chunk(3000)]);

        events.ShouldBe([new SseEvent(null, big + "\ntail"), new SseEvent(null, "small")]);
        events[0].Utf8Data.IsSingleSegment.ShouldBeFalse();
    }

    private static List<SseEvent> Parse(string text) => ParseChunks(Encoding.UTF8.GetBytes(text));

    private static List<SseEvent> ParseChunks(params byte[][] chunks)
    {
        var events = new List<SseEvent>();
        using var parser = new SseParser();
        foreach (var chunk in chunks)
        {
            parser.Feed(chunk, events);
        }

        parser.Complete(events);
        return events;
    }
}
