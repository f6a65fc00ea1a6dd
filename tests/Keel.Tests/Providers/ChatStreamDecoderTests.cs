using System.Text;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Providers.OpenAI;

namespace Keel.Tests.Providers;

public sealed class ChatStreamDecoderTests
{
    private static (AssistantMessage Message, ModelCallException? Failure, List<ModelStreamEvent> Events) Decode(string sse, int split = 0)
    {
        using var decoder = new ChatStreamDecoder("gpt-test");
        var events = new List<ModelStreamEvent>();
        var bytes = Encoding.UTF8.GetBytes(sse);
        if (split > 0)
        {
            for (var i = 0; i < bytes.Length; i += split)
            {
                decoder.Feed(bytes.AsSpan(i, Math.Min(split, bytes.Length - i)), events);
            }
        }
        else
        {
            decoder.Feed(bytes, events);
        }

        decoder.Complete(events);
        var accumulator = new MessageAccumulator();
        foreach (var e in events)
        {
            accumulator.Apply(e);
        }

        return (accumulator.Build(), decoder.Failure, events);
    }

    private const string ToolTurn =
        "data: {\"id\":\"c1\",\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"Think \"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"first.\"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Reading both.\"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"file_\"}}]},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"file_path\\\":\\\"b\\\"}\"}}]},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"path\\\":\\\"a\\\"}\"}}]},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n" +
        "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":50,\"prompt_tokens_details\":{\"cached_tokens\":600}}}\n\n" +
        "data: [DONE]\n\n";

    [Fact]
    public void Reasoning_text_and_interleaved_tool_calls_become_blocks_with_usage()
    {
        foreach (var split in new[] { 0, 1, 7, 64 })
        {
            var (message, failure, _) = Decode(ToolTurn, split);

            failure.ShouldBeNull();
            message.StopReason.ShouldBe("tool_use");
            message.Message.Content[0].ShouldBeOfType<ThinkingBlock>().Thinking.ShouldBe("Think first.");
            message.Message.Content[1].ShouldBeOfType<TextBlock>().Text.ShouldBe("Reading both.");
            var calls = message.Message.Content.OfType<ToolUseBlock>().ToList();
            calls.Select(c => c.Id).ShouldBe(["call_a", "call_b"]);
            calls[0].Input.GetProperty("file_path").GetString().ShouldBe("a");
            calls[1].Input.GetProperty("file_path").GetString().ShouldBe("b");
            message.Usage.ShouldBe(new Usage(400, 50, 0, 600));
        }
    }

    [Fact]
    public void A_stream_cut_before_done_does_not_finish_the_message()
    {
        var (_, failure, events) = Decode(ToolTurn[..ToolTurn.IndexOf("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\"", StringComparison.Ordinal)]);

        failure.ShouldBeNull();
        events.OfType<MessageStopEvent>().ShouldBeEmpty();
    }

    [Fact]
    public void An_error_object_in_the_stream_becomes_a_stream_error()
    {
        var (_, _, events) = Decode("data: {\"error\":{\"message\":\"Provider returned error\",\"type\":\"server_error\",\"code\":502}}\n\n");

        var error = events.OfType<StreamErrorEvent>().ShouldHaveSingleItem();
        error.ErrorType.ShouldBe("server_error");
        error.Message.ShouldBe("Provider returned error");
    }

    [Fact]
    public void Length_finish_is_max_tokens()
    {
        var (message, _, _) = Decode("data: {\"choices\":[{\"delta\":{\"content\":\"cut\"},\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n");

        message.StopReason.ShouldBe("max_tokens");
        message.Message.Text.ShouldBe("cut");
    }
}
