using System.Text;
using System.Text.Json;
using Keel.Anthropic.Sse;
using Keel.Anthropic.Streaming;
using Keel.Core.Model;

namespace Keel.Tests.Anthropic;

/// <summary>Deltas are read from their bytes without a document; what they decode to must not change.</summary>
public sealed class DeltaEventReaderTests
{
    [Theory]
    [InlineData("""{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00 日本"}}""")]
    [InlineData("""{"delta":{"text":"order does not matter","type":"text_delta"},"index":1,"type":"content_block_delta"}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"path\":\"a.txt\"}"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm","text":"not this"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}""")]
    [InlineData("""{"type":"content_block_delta","index":2,"delta":{"type":"citations_delta","citation":{"nested":[1,{"x":"y"}]}}}""")]
    [InlineData("""{"type":"content_block_delta","index":"two","extra":{"a":[1,2]},"delta":{"type":"text_delta"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":"not an object"}""")]
    [InlineData("""{"type":"content_block_delta","index":0}""")]
    public void A_delta_decodes_to_what_its_json_says(string data)
    {
        var expected = Expected(data);

        AnthropicEventMapper.Map("content_block_delta", data).ShouldBe(expected);
        AnthropicEventMapper.Map(eventName: null, data).ShouldBe(expected);
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}} trailing""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x\q"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x""")]
    [InlineData("""["content_block_delta"]""")]
    public void A_broken_delta_is_a_broken_stream(string data)
    {
        var error = Should.Throw<ModelCallException>(() => AnthropicEventMapper.Map("content_block_delta", data));

        error.Error.Kind.ShouldBe(ModelErrorKind.BrokenStream);
    }

    [Fact]
    public void An_unnamed_event_of_another_type_still_maps_through_the_document()
    {
        AnthropicEventMapper.Map(eventName: null, """{"type":"content_block_stop","index":4}""").ShouldBeOfType<ContentBlockStopEvent>().Index.ShouldBe(4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4093)]
    [InlineData(65536)]
    public void A_huge_escaped_delta_in_segments_decodes_whole_whatever_the_chunking(int chunkSize)
    {
        // Escapes, multi-byte characters and surrogate pairs everywhere, so segment and window edges cut them.
        var text = string.Concat(Enumerable.Repeat("line \"q\" é 日本 \U0001F600\t\\/\n", 20_000));
        var escaped = JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.Default).Value
            + JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        var data = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + escaped + "\"}}";
        var bytes = Encoding.UTF8.GetBytes("event: content_block_delta\r\ndata: " + data + "\r\n\r\n");
        using var parser = new SseParser();
        var events = new List<SseEvent>();
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            parser.Feed(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)), events);
        }

        var sse = events.ShouldHaveSingleItem();
        sse.Utf8Data.IsSingleSegment.ShouldBeFalse();
        var mapped = AnthropicEventMapper.Map(sse).ShouldBeOfType<ContentBlockDeltaEvent>();

        mapped.Delta.ShouldBe(new TextDelta(text + text));
        mapped.Raw.ShouldBe(data);
    }

    [Theory]
    [InlineData(4093)]
    [InlineData(65536)]
    public void A_huge_delta_in_paged_data_decodes_whole_and_keeps_no_raw_bytes(int chunkSize)
    {
        // Several 1 MiB pages, with escapes and multi-byte characters cut by page and window edges.
        var text = string.Concat(Enumerable.Repeat("line \"q\" é 日本 \U0001F600\t\\/\n", 40_000));
        var data = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + JsonEncodedText.Encode(text).Value + "\"}}";
        const string Stop = """{"type":"content_block_stop","index":0}""";

        var events = DecodePaged("event: content_block_delta\r\ndata: " + data + "\r\n\r\nevent: content_block_stop\r\ndata: " + Stop + "\r\n\r\n", chunkSize);

        Encoding.UTF8.GetByteCount(data).ShouldBeGreaterThan(2 * 1024 * 1024);
        events.Count.ShouldBe(2);
        var delta = events[0].ShouldBeOfType<ContentBlockDeltaEvent>();
        delta.Delta.ShouldBe(new TextDelta(text));
        delta.RawFromFields.ShouldBeTrue();
        delta.RawUtf8.IsEmpty.ShouldBeTrue();
        events[1].ShouldBe(new ContentBlockStopEvent(0) { Raw = Stop });
    }

    [Fact]
    public void A_huge_event_of_another_kind_in_paged_data_maps_from_a_copy_and_keeps_its_raw_json()
    {
        var big = new string('z', 2 * 1024 * 1024);
        var start = "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"" + big + "\"}}";
        var unknown = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"cited_text\":\"" + big + "\"}}}";

        var events = DecodePaged("event: content_block_start\ndata: " + start + "\n\nevent: content_block_delta\ndata: " + unknown + "\n\n", 65536);

        events.Count.ShouldBe(2);
        var opened = events[0].ShouldBeOfType<ContentBlockStartEvent>();
        opened.Block.ShouldBe(new Keel.Core.Messages.TextBlock(big));
        opened.Raw.ShouldBe(start);
        var other = events[1].ShouldBeOfType<ContentBlockDeltaEvent>();
        other.Delta.ShouldBe(new UnknownDelta("citations_delta"));
        other.RawFromFields.ShouldBeFalse();
        other.Raw.ShouldBe(unknown);
    }

    /// <summary>Through the Messages decoder, whose parser puts huge data in pages that are given back once mapped.</summary>
    private static List<ModelStreamEvent> DecodePaged(string stream, int chunkSize)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        using var decoder = new Keel.Anthropic.Wire.SseMessagesDecoder();
        var events = new List<ModelStreamEvent>();
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            decoder.Feed(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)), events);
        }

        decoder.Complete(events);
        decoder.Failure.ShouldBeNull();
        return events;
    }

    [Fact]
    public void Invalid_utf8_in_a_delta_becomes_replacement_characters()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"aXb"}}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;

        AnthropicEventMapper.Map("content_block_delta", bytes.AsMemory()).ShouldBeOfType<ContentBlockDeltaEvent>().Delta.ShouldBe(new TextDelta("a\uFFFDb"));
    }

    /// <summary>What a document reading of the same JSON gives.</summary>
    private static ContentBlockDeltaEvent Expected(string data)
    {
        using var doc = JsonDocument.Parse(data);
        var root = doc.RootElement;
        var index = root.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var n) ? n : 0;
        ContentDelta delta = new UnknownDelta(string.Empty);
        if (root.TryGetProperty("delta", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            var type = d.TryGetProperty("type", out var t) ? t.GetString()! : string.Empty;
            string Field(string name) => d.TryGetProperty(name, out var v) ? v.GetString()! : string.Empty;
            delta = type switch
            {
                "text_delta" => new TextDelta(Field("text")),
                "input_json_delta" => new InputJsonDelta(Field("partial_json")),
                "thinking_delta" => new ThinkingDelta(Field("thinking")),
                "signature_delta" => new SignatureDelta(Field("signature")),
                _ => new UnknownDelta(type),
            };
        }

        return new ContentBlockDeltaEvent(index, delta) { Raw = data };
    }
}
