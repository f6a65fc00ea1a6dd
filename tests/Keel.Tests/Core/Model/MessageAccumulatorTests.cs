using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Tests.Core.Model;

public sealed class MessageAccumulatorTests
{
    [Fact]
    public void Folds_thinking_text_and_tool_use_in_index_order()
    {
        var acc = new MessageAccumulator();
        acc.Apply(new MessageStartEvent("msg_1", "m", new Usage(100, 1, 5, 50)));
        acc.Apply(new ContentBlockStartEvent(0, new ThinkingBlock("", "")));
        acc.Apply(new ContentBlockDeltaEvent(0, new ThinkingDelta("let me ")));
        acc.Apply(new ContentBlockDeltaEvent(0, new ThinkingDelta("think")));
        acc.Apply(new ContentBlockDeltaEvent(0, new SignatureDelta("sig-abc")));
        acc.Apply(new ContentBlockStopEvent(0)).ShouldBe(new ThinkingBlock("let me think", "sig-abc"));
        acc.Apply(new ContentBlockStartEvent(1, new TextBlock("")));
        acc.Apply(new ContentBlockDeltaEvent(1, new Keel.Core.Model.TextDelta("Hi")));
        acc.Apply(new ContentBlockStopEvent(1));
        acc.Apply(new ContentBlockStartEvent(2, new ToolUseBlock("toolu_1", "Read", MessageJson.EmptyObject)));
        acc.Apply(new ContentBlockDeltaEvent(2, new InputJsonDelta("""{"file_pa""")));
        acc.Apply(new ContentBlockDeltaEvent(2, new InputJsonDelta("""th":"a.txt"}""")));
        acc.Apply(new ContentBlockDeltaEvent(2, new UnknownDelta("future_delta")));
        acc.Apply(new ContentBlockStopEvent(2));
        acc.Apply(new UnknownStreamEvent("something_new"));
        acc.Apply(new MessageDeltaEvent("tool_use", null, new Usage(0, 42, 0, 0)));
        acc.Apply(new MessageStopEvent());

        var message = acc.Build();

        acc.Stopped.ShouldBeTrue();
        message.StopReason.ShouldBe("tool_use");
        message.Usage.ShouldBe(new Usage(100, 42, 5, 50));
        message.Message.Content.Count.ShouldBe(3);
        message.Message.Text.ShouldBe("Hi");
        message.Message.ToolUses.Single().Input.GetProperty("file_path").GetString().ShouldBe("a.txt");
    }

    [Fact]
    public void Malformed_tool_input_is_kept_as_a_string()
    {
        var acc = new MessageAccumulator();
        acc.Apply(new ContentBlockStartEvent(0, new ToolUseBlock("t", "Read", MessageJson.EmptyObject)));
        acc.Apply(new ContentBlockDeltaEvent(0, new InputJsonDelta("""{"file_path": """)));
        var block = (ToolUseBlock)acc.Apply(new ContentBlockStopEvent(0))!;

        block.Input.ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public void Unknown_blocks_survive_a_round_trip_verbatim()
    {
        const string raw = """{"type":"fancy_block","payload":{"x":[1,2]}}""";
        var block = MessageJson.ReadBlock(JsonDocument.Parse(raw).RootElement);

        block.ShouldBeOfType<UnknownBlock>();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            MessageJson.WriteBlock(writer, block);
        }

        System.Text.Encoding.UTF8.GetString(stream.ToArray()).ShouldBe(raw);
    }
}
