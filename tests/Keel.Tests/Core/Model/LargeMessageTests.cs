using System.Text;
using System.Text.Json;
using Keel.Anthropic.Sse;
using Keel.Anthropic.Streaming;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Sessions;

namespace Keel.Tests.Core.Model;

/// <summary>A huge delta goes through parsing, folding and the transcript without extra copies of its text.</summary>
public sealed class LargeMessageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "keel-large-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_block_made_of_one_delta_keeps_that_very_string()
    {
        var text = new string('k', 1_000_000);
        var acc = new MessageAccumulator();
        acc.Apply(new MessageStartEvent("msg_1", "m", Usage.Zero));
        acc.Apply(new ContentBlockStartEvent(0, new TextBlock(string.Empty)));
        acc.Apply(new ContentBlockDeltaEvent(0, new Keel.Core.Model.TextDelta(text)));

        var finished = acc.Apply(new ContentBlockStopEvent(0)).ShouldBeOfType<TextBlock>();

        ReferenceEquals(finished.Text, text).ShouldBeTrue();
    }

    [Fact]
    public void Many_deltas_still_fold_into_one_text_in_order()
    {
        var acc = new MessageAccumulator();
        acc.Apply(new MessageStartEvent("msg_1", "m", Usage.Zero));
        acc.Apply(new ContentBlockStartEvent(0, new TextBlock(string.Empty)));
        foreach (var piece in new[] { "a", string.Empty, "bc", "d" })
        {
            acc.Apply(new ContentBlockDeltaEvent(0, new Keel.Core.Model.TextDelta(piece)));
        }

        acc.Apply(new ContentBlockStopEvent(0)).ShouldBe(new TextBlock("abcd"));
    }

    [Fact]
    public void A_huge_event_is_parsed_from_its_bytes_and_keeps_them_as_the_raw_event()
    {
        var text = new string('q', 300_000) + "\u00e9\"\n";
        var data = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + "\"" + JsonEncodedText.Encode(text).Value + "\"" + "}}";
        using var parser = new SseParser();
        var events = new List<SseEvent>();
        var bytes = Encoding.UTF8.GetBytes("event: content_block_delta\ndata: " + data + "\n\n");
        foreach (var chunk in bytes.Chunk(16 * 1024))
        {
            parser.Feed(chunk, events);
        }

        var mapped = AnthropicEventMapper.Map(events.Single()).ShouldBeOfType<ContentBlockDeltaEvent>();

        mapped.Delta.ShouldBe(new Keel.Core.Model.TextDelta(text));
        mapped.RawUtf8.Length.ShouldBe(Encoding.UTF8.GetByteCount(data));
        mapped.Raw.ShouldBe(data);
    }

    [Fact]
    public void A_huge_answer_is_streamed_into_the_transcript_and_reads_back_whole()
    {
        var path = Path.Combine(_dir, "s.jsonl");
        var text = string.Concat(Enumerable.Repeat("line \"quoted\" \u00e9 \U0001F600\n", 40_000));
        using (var writer = new TranscriptWriter(path, "s", "/repo", "0.1.0", TimeProvider.System))
        {
            writer.RecordUser(Message.UserText("go"));
            writer.RecordAssistant(new AssistantMessage("msg_1", "m", new Message(Role.Assistant, [new TextBlock(text)]), "end_turn", null, Usage.Zero, "req_1"), 0m);
            writer.RecordUser(Message.UserText("next"));
        }

        File.ReadAllLines(path).Length.ShouldBe(3);
        var loaded = TranscriptReader.Load(path);
        loaded.SkippedLines.ShouldBe(0);
        loaded.Messages[1].Text.ShouldBe(text);
        loaded.Messages[2].Text.ShouldBe("next");
    }

    [Fact]
    public void Segmented_text_is_byte_for_byte_what_a_plain_write_produces()
    {
        var text = string.Concat(Enumerable.Repeat("a\u00e9\U0001F600<\"\\\t", 20_000));
        static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                write(w);
                w.WriteEndObject();
            }

            return stream.ToArray();
        }

        var segmented = Write(w => MessageJson.WriteLongString(w, "text", text));
        var plain = Write(w => w.WriteString("text", text));

        segmented.ShouldBe(plain);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
