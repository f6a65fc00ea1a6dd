using System.Text;
using Keel.Core.Model;
using Keel.Providers.Bedrock;

namespace Keel.Tests.Providers;

public sealed class EventStreamReaderTests
{
    private static byte[] Chunk(string anthropicEventJson) => EventStreamReader.Encode(
        [new(":event-type", "chunk"), new(":content-type", "application/json"), new(":message-type", "event")],
        Encoding.UTF8.GetBytes("{\"bytes\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(anthropicEventJson)) + "\"}"));

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Crc32.Compute("123456789"u8).ShouldBe(0xCBF43926u);
    }

    [Fact]
    public void Frames_split_anywhere_decode_to_the_same_messages()
    {
        var bytes = Chunk("""{"type":"message_start","message":{"id":"m1","model":"claude","usage":{"input_tokens":5,"output_tokens":1}}}""")
            .Concat(Chunk("""{"type":"message_stop"}""")).ToArray();
        for (var split = 1; split < bytes.Length; split += 7)
        {
            var reader = new EventStreamReader();
            var messages = new List<EventStreamMessage>();
            reader.Feed(bytes.AsSpan(0, split), messages);
            reader.Feed(bytes.AsSpan(split), messages);
            messages.Count.ShouldBe(2);
            messages[0].Header(":event-type").ShouldBe("chunk");
            reader.Buffered.ShouldBe(0);
        }
    }

    [Fact]
    public void A_payload_byte_changed_in_transit_fails_the_message_crc()
    {
        var frame = Chunk("""{"type":"message_stop"}""");
        frame[^6] ^= 0x20;

        var error = Should.Throw<InvalidDataException>(() => new EventStreamReader().Feed(frame, new List<EventStreamMessage>()));
        error.Message.ShouldContain("message CRC");
    }

    [Fact]
    public void A_corrupted_length_fails_the_prelude_crc()
    {
        var frame = Chunk("""{"type":"message_stop"}""");
        frame[3] ^= 0x01;

        Should.Throw<InvalidDataException>(() => new EventStreamReader().Feed(frame, new List<EventStreamMessage>())).Message.ShouldContain("prelude CRC");
    }

    [Fact]
    public void The_bedrock_decoder_turns_chunks_into_messages_events_and_a_bad_crc_into_a_retryable_failure()
    {
        using var decoder = new BedrockStreamDecoder();
        var events = new List<ModelStreamEvent>();
        var bad = Chunk("""{"type":"content_block_stop","index":0}""");
        bad[^1] ^= 0xFF;

        decoder.Feed([.. Chunk("""{"type":"message_start","message":{"id":"m1","model":"claude","usage":{"input_tokens":5,"output_tokens":1}}}"""), .. bad], events);

        events.ShouldHaveSingleItem().ShouldBeOfType<MessageStartEvent>().Id.ShouldBe("m1");
        decoder.Failure.ShouldNotBeNull().Error.Category.ShouldBe(ModelErrorCategory.Transient);
        decoder.Failure.Error.Message.ShouldContain("CRC");
    }

    [Fact]
    public void An_exception_frame_is_classified()
    {
        using var decoder = new BedrockStreamDecoder();
        var frame = EventStreamReader.Encode([new(":message-type", "exception"), new(":exception-type", "throttlingException")], "{\"message\":\"Too many requests, please wait\"}"u8);

        decoder.Feed(frame, new List<ModelStreamEvent>());

        var error = decoder.Failure.ShouldNotBeNull().Error;
        error.Category.ShouldBe(ModelErrorCategory.RateLimited);
        error.Message.ShouldBe("Too many requests, please wait");
    }
}
