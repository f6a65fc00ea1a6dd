using Keel.Core.Messages;
using Keel.Core.Model;
using TextDelta = Keel.Core.Model.TextDelta;

namespace Keel.Tests.Core.Model;

/// <summary>The accumulator refuses event sequences the Messages protocol does not allow.</summary>
public sealed class StreamProtocolTests
{
    private static MessageAccumulator Started()
    {
        var acc = new MessageAccumulator();
        acc.Apply(new MessageStartEvent("msg_1", "m", Usage.Zero));
        return acc;
    }

    [Fact]
    public void A_second_start_for_an_open_index_is_a_violation_and_nothing_more_is_applied()
    {
        var acc = Started();
        acc.Apply(new ContentBlockStartEvent(0, new ToolUseBlock("toolu_1", "Bash", MessageJson.EmptyObject)));
        acc.Apply(new ContentBlockDeltaEvent(0, new InputJsonDelta("""{"command":"ls"}""")));

        acc.Apply(new ContentBlockStartEvent(0, new ToolUseBlock("toolu_2", "Bash", MessageJson.EmptyObject)));
        acc.Apply(new ContentBlockStopEvent(0)).ShouldBeNull();
        acc.Apply(new MessageStopEvent());

        acc.Violation.ShouldBe("a second content_block_start for index 0, which was still open");
        acc.Stopped.ShouldBeFalse();
    }

    [Theory]
    [InlineData(1, "content_block_delta for index 1, which was never started")]
    [InlineData(0, "content_block_delta for index 0, which had already stopped")]
    public void A_delta_for_a_block_that_is_not_open_is_a_violation(int index, string expected)
    {
        var acc = Started();
        acc.Apply(new ContentBlockStartEvent(0, new TextBlock(string.Empty)));
        acc.Apply(new ContentBlockDeltaEvent(0, new TextDelta("hi")));
        acc.Apply(new ContentBlockStopEvent(0));

        acc.Apply(new ContentBlockDeltaEvent(index, new TextDelta("late")));

        acc.Violation.ShouldBe(expected);
    }

    [Fact]
    public void Restarting_a_stopped_index_a_stray_stop_and_message_stop_with_an_open_block_are_violations()
    {
        var restarted = Started();
        restarted.Apply(new ContentBlockStartEvent(0, new TextBlock(string.Empty)));
        restarted.Apply(new ContentBlockStopEvent(0));
        restarted.Apply(new ContentBlockStartEvent(0, new TextBlock(string.Empty)));
        restarted.Violation.ShouldBe("content_block_start for index 0, which had already stopped");

        var stray = Started();
        stray.Apply(new ContentBlockStopEvent(3));
        stray.Violation.ShouldBe("content_block_stop for index 3, which was never started");

        var open = Started();
        open.Apply(new ContentBlockStartEvent(0, new ToolUseBlock("toolu_1", "Bash", MessageJson.EmptyObject)));
        open.Apply(new MessageStopEvent());
        open.Violation.ShouldBe("message_stop while content block 0 was still open");
        open.Stopped.ShouldBeFalse();
    }

    [Fact]
    public void A_delta_of_the_wrong_kind_is_a_violation_but_unknown_deltas_are_not()
    {
        var acc = Started();
        acc.Apply(new ContentBlockStartEvent(0, new TextBlock(string.Empty)));
        acc.Apply(new ContentBlockDeltaEvent(0, new UnknownDelta("citations_delta")));
        acc.Violation.ShouldBeNull();

        acc.Apply(new ContentBlockDeltaEvent(0, new InputJsonDelta("{}")));

        acc.Violation.ShouldBe("a input_json_delta for content block 0, which is a text block");
    }

    [Fact]
    public void The_text_only_part_of_an_unfinished_response_leaves_out_tool_calls_and_thinking()
    {
        var acc = Started();
        acc.Apply(new ContentBlockStartEvent(0, new ThinkingBlock(string.Empty, string.Empty)));
        acc.Apply(new ContentBlockDeltaEvent(0, new ThinkingDelta("hmm")));
        acc.Apply(new ContentBlockStopEvent(0));
        acc.Apply(new ContentBlockStartEvent(1, new TextBlock(string.Empty)));
        acc.Apply(new ContentBlockDeltaEvent(1, new TextDelta("Here is ")));
        acc.Apply(new ContentBlockStopEvent(1));
        acc.Apply(new ContentBlockStartEvent(2, new ToolUseBlock("toolu_1", "Bash", MessageJson.EmptyObject)));
        acc.Apply(new ContentBlockDeltaEvent(2, new InputJsonDelta("""{"comm""")));
        acc.Apply(new ContentBlockStartEvent(3, new TextBlock(string.Empty)));
        acc.Apply(new ContentBlockDeltaEvent(3, new TextDelta("the rest, cut")));

        var partial = acc.BuildTextOnly();

        partial.Message.Content.ShouldBe([new TextBlock("Here is "), new TextBlock("the rest, cut")]);
        partial.Message.ToolUses.ShouldBeEmpty();
    }
}
