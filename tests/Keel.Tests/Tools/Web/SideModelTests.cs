using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Tests.Core.Fakes;
using Keel.Tools.Web;

namespace Keel.Tests.Tools.Web;

/// <summary>WebFetch's side requests go through the same model caller as the agent loop.</summary>
public sealed class SideModelTests
{
    private static ModelStreamEvent[] CorruptAnswer() =>
    [
        new MessageStartEvent("msg_c", "claude-haiku-5-5", Usage.Zero),
        new ContentBlockStartEvent(0, new TextBlock(string.Empty)),
        new ContentBlockDeltaEvent(0, new Keel.Core.Model.TextDelta("CORRUPT")),
        new ContentBlockDeltaEvent(1, new Keel.Core.Model.TextDelta("delta for a block never started")),
        new ContentBlockStopEvent(0),
        new MessageDeltaEvent("end_turn", null, null),
        new MessageStopEvent(),
    ];

    [Fact]
    public async Task A_side_answer_that_breaks_the_protocol_is_retried_and_the_clean_one_used()
    {
        var model = new ScriptedModelClient().Raw(CorruptAnswer()).Text("the page says hello");
        var side = new SideModel(() => model, new CostTracker(), "claude-haiku-5-5", new InstantTimeProvider());

        var result = await side.SendAsync("system", "what does the page say?", 500, serverTools: null, CancellationToken.None);

        result.Error.ShouldBeNull();
        result.Message!.Message.Text.ShouldBe("the page says hello");
        model.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_side_answer_that_stays_broken_is_an_error_not_a_partial_answer()
    {
        var model = new ScriptedModelClient().Raw(CorruptAnswer()).Raw(CorruptAnswer()).Raw(CorruptAnswer()).Raw(CorruptAnswer());
        var side = new SideModel(() => model, new CostTracker(), "claude-haiku-5-5", new InstantTimeProvider());

        var result = await side.SendAsync("system", "what does the page say?", 500, serverTools: null, CancellationToken.None);

        result.Message.ShouldBeNull();
        result.Error.ShouldNotBeNull().ShouldContain("broken response stream");
        model.Requests.Count.ShouldBe(3);
    }
}
