using System.Text.Json;
using Keel.Anthropic.Streaming;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Tests.Anthropic;

public sealed class AnthropicEventMapperTests
{
    [Fact]
    public void Message_start_carries_id_model_and_usage_with_missing_fields_as_zero()
    {
        const string data = """{"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":12,"cache_read_input_tokens":3}}}""";

        var mapped = AnthropicEventMapper.Map("message_start", data).ShouldBeOfType<MessageStartEvent>();

        mapped.Id.ShouldBe("msg_1");
        mapped.Model.ShouldBe("claude-x");
        mapped.Usage.ShouldBe(new Usage(12, 0, 0, 3));
        mapped.Raw.ShouldBe(data);
    }

    [Fact]
    public void Text_block_start_delta_and_stop()
    {
        var start = AnthropicEventMapper.Map("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        var delta = AnthropicEventMapper.Map("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}""");
        var stop = AnthropicEventMapper.Map("content_block_stop", """{"type":"content_block_stop","index":0}""");

        start.ShouldBeOfType<ContentBlockStartEvent>().ShouldSatisfyAllConditions(
            s => s.Index.ShouldBe(0),
            s => s.Block.ShouldBe(new TextBlock(string.Empty)));
        delta.ShouldBeOfType<ContentBlockDeltaEvent>().Delta.ShouldBe(new TextDelta("Hi"));
        stop.ShouldBeOfType<ContentBlockStopEvent>().Index.ShouldBe(0);
    }

    [Fact]
    public void Tool_use_start_has_empty_object_input_and_json_deltas_carry_partial_json()
    {
        var start = AnthropicEventMapper.Map("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"Read","input":{}}}""");
        var delta = AnthropicEventMapper.Map("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"path\":"}}""");

        var block = start.ShouldBeOfType<ContentBlockStartEvent>().Block.ShouldBeOfType<ToolUseBlock>();
        block.Id.ShouldBe("toolu_1");
        block.Name.ShouldBe("Read");
        block.Input.ValueKind.ShouldBe(JsonValueKind.Object);
        block.Input.EnumerateObject().ShouldBeEmpty();
        var json = delta.ShouldBeOfType<ContentBlockDeltaEvent>();
        json.Index.ShouldBe(1);
        json.Delta.ShouldBe(new InputJsonDelta("{\"path\":"));
    }

    [Fact]
    public void Thinking_block_with_signature_folds_into_a_complete_thinking_block()
    {
        ModelStreamEvent[] events =
        [
            AnthropicEventMapper.Map("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
            AnthropicEventMapper.Map("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}"""),
            AnthropicEventMapper.Map("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"think."}}"""),
            AnthropicEventMapper.Map("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}"""),
        ];
        events[3].ShouldBeOfType<ContentBlockDeltaEvent>().Delta.ShouldBe(new SignatureDelta("EqQBCgIYAhIM"));

        var accumulator = new MessageAccumulator();
        foreach (var e in events)
        {
            accumulator.Apply(e);
        }

        accumulator.Apply(AnthropicEventMapper.Map("content_block_stop", """{"type":"content_block_stop","index":0}"""))
            .ShouldBe(new ThinkingBlock("Let me think.", "EqQBCgIYAhIM"));
    }

    [Fact]
    public void Unknown_delta_type_is_kept_as_unknown_delta()
    {
        var mapped = AnthropicEventMapper.Map("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"citations_delta","citation":{}}}""");

        mapped.ShouldBeOfType<ContentBlockDeltaEvent>().Delta.ShouldBe(new UnknownDelta("citations_delta"));
    }

    [Fact]
    public void Message_delta_carries_stop_reason_stop_sequence_and_usage()
    {
        var mapped = AnthropicEventMapper.Map("message_delta", """{"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"output_tokens":42}}""")
            .ShouldBeOfType<MessageDeltaEvent>();

        mapped.StopReason.ShouldBe("stop_sequence");
        mapped.StopSequence.ShouldBe("END");
        mapped.Usage.ShouldBe(new Usage(0, 42, 0, 0));
    }

    [Fact]
    public void Message_stop_ping_and_error_events()
    {
        AnthropicEventMapper.Map("message_stop", """{"type":"message_stop"}""").ShouldBeOfType<MessageStopEvent>();
        AnthropicEventMapper.Map("ping", """{"type": "ping"}""").ShouldBeOfType<PingEvent>();
        AnthropicEventMapper.Map("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")
            .ShouldBe(new StreamErrorEvent("overloaded_error", "Overloaded") { Raw = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""" });
    }

    [Fact]
    public void Unknown_event_type_does_not_throw()
    {
        const string data = """{"type":"server_tool_progress","anything":[1,2]}""";

        var mapped = AnthropicEventMapper.Map("server_tool_progress", data);

        mapped.ShouldBe(new UnknownStreamEvent("server_tool_progress") { Raw = data });
    }

    [Fact]
    public void A_missing_event_name_falls_back_to_the_data_type()
    {
        AnthropicEventMapper.Map(eventName: null, """{"type":"message_stop"}""").ShouldBeOfType<MessageStopEvent>();
    }

    [Theory]
    [InlineData("{\"type\":\"message_start\",")]
    [InlineData("[DONE]")]
    [InlineData("[1,2]")]
    public void Malformed_data_is_a_broken_stream(string data)
    {
        var ex = Should.Throw<ModelCallException>(() => AnthropicEventMapper.Map("message_start", data));

        ex.Error.Kind.ShouldBe(ModelErrorKind.BrokenStream);
        ex.Error.Message.ShouldContain("message_start");
    }
}
