using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Agent;

/// <summary><c>/btw</c>: a side question is a fork of the conversation that leaves it unchanged.</summary>
public sealed class SideQuestionTests
{
    [Fact]
    public async Task A_side_question_forks_the_conversation_refuses_tool_calls_and_leaves_the_conversation_unchanged()
    {
        var runs = 0;
        var tool = new FakeTool("Dump", readOnly: true, (_, _) =>
        {
            runs++;
            return Task.FromResult(ToolResult.Success("dumped"));
        });
        using var h = new LoopHarness([tool], mode: Keel.Core.Permissions.PermissionMode.BypassPermissions);
        h.Model.Text("The answer to the first prompt.")
            .ToolUse("Dump", "{}")
            .Text("You asked about the build.")
            .Text("Going on.");
        await h.RunAsync("FIRST-PROMPT about the build");
        var before = h.Loop.Messages;

        var events = new List<AgentEvent>();
        await foreach (var e in h.Loop.AskSideQuestionAsync("what did I ask?", CancellationToken.None))
        {
            events.Add(e);
        }

        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.Completed);
        finished.ResultText.ShouldBe("You asked about the build.");
        events.ShouldHaveSingleItem("the answer is the result, not streamed as the conversation's next message");
        runs.ShouldBe(0, "the permission layer refused the call, whatever the mode");
        h.Loop.Messages.ShouldBe(before);

        var (parent, side, refused) = (h.Model.Requests[0], h.Model.Requests[1], h.Model.Requests[2]);
        (side.Model, side.System, side.Tools).ShouldBe((parent.Model, parent.System, parent.Tools));
        side.Messages.Count.ShouldBe(3);
        side.Messages[0].ShouldBe(parent.Messages[0]);
        side.Messages[^1].Text.ShouldStartWith(SideQuestionPrompt.Opening);
        side.Messages[^1].Text.ShouldContain("Question: what did I ask?");
        var result = refused.Messages[^1].Content.OfType<ToolResultBlock>().Single();
        result.IsError.ShouldBeTrue();
        string.Concat(result.Content.OfType<TextBlock>().Select(static b => b.Text)).ShouldContain("not available while answering a side question");
        refused.Tools.ShouldBe(parent.Tools, "refused, not removed: the definitions keep their bytes");

        await h.RunAsync("go on");
        var next = h.Model.Requests[^1];
        next.Messages.Select(static m => m.Text).ShouldBe(["FIRST-PROMPT about the build", "The answer to the first prompt.", "go on"]);
    }
}
