using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Agent;

public sealed class PromptAttachmentTests
{
    [Fact]
    public async Task Attachments_ready_within_the_budget_join_the_prompt_and_are_recorded_with_it()
    {
        var attachments = new Attachments(Task.FromResult<IReadOnlyList<string>>(["Recalled: deploys on Tuesdays."]), new InstantTimeProvider());
        using var h = new LoopHarness([], attachments: attachments);
        h.Model.Text("ok");

        await h.RunAsync("when do we deploy?");

        var prompt = h.Model.Requests[0].Messages[^1];
        prompt.Content.OfType<TextBlock>().Select(b => b.Text).ShouldBe(["when do we deploy?", "<system-reminder>\nRecalled: deploys on Tuesdays.\n</system-reminder>"]);
        h.Model.Requests[0].System.ShouldHaveSingleItem().Text.ShouldBe("system");
        h.Loop.Messages[0].ShouldBe(prompt);
        attachments.Prompts.ShouldBe(["when do we deploy?"]);
    }

    [Fact]
    public async Task Attachments_later_than_the_budget_do_not_hold_up_the_request_and_join_the_next_tool_results()
    {
        var late = new TaskCompletionSource<IReadOnlyList<string>>();
        var tool = new FakeTool("Look", readOnly: true, (_, _) =>
        {
            late.SetResult(["Recalled late."]);
            return Task.FromResult(ToolResult.Success("looked"));
        });
        using var h = new LoopHarness([tool], attachments: new Attachments(late.Task, new InstantTimeProvider()));
        h.Model.ToolUse("Look", "{}").Text("done");

        await h.RunAsync("look around");

        h.Model.Requests[0].Messages[^1].Content.ShouldHaveSingleItem();
        var results = h.Model.Requests[1].Messages[^1].Content;
        results[0].ShouldBeOfType<ToolResultBlock>();
        results[^1].ShouldBeOfType<TextBlock>().Text.ShouldContain("Recalled late.");
    }

    [Fact]
    public async Task A_failing_gathering_costs_the_turn_nothing()
    {
        using var h = new LoopHarness([], attachments: new Attachments(Task.FromException<IReadOnlyList<string>>(new InvalidOperationException("boom")), new InstantTimeProvider()));
        h.Model.Text("ok");

        var events = await h.RunAsync("hi");

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Completed);
        h.Model.Requests[0].Messages[^1].Content.ShouldHaveSingleItem();
    }

    private sealed class Attachments(Task<IReadOnlyList<string>> result, TimeProvider time) : IPromptAttachments
    {
        public List<string> Prompts { get; } = [];

        public TimeSpan Budget => TimeSpan.FromSeconds(1);

        public TimeProvider Time => time;

        public Task<IReadOnlyList<string>> GatherAsync(Message prompt, IReadOnlyList<Message> history, CancellationToken cancellationToken)
        {
            Prompts.Add(prompt.Text);
            return result;
        }
    }
}
