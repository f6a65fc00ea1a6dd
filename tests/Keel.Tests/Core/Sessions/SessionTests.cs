using Keel.Core.Agent;
using Keel.Core.Commands;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Tasks;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Sessions;

public sealed class SessionTests
{
    private static FakeTool Writer() => new("Poke", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("poked")));

    [Fact]
    public async Task A_permission_request_is_an_event_and_the_answer_operation_resumes_the_turn()
    {
        var tool = Writer();
        await using var h = new SessionHarness([tool]);
        h.Model.ToolUse("Poke", "{}").Text("done");

        var turn = h.Session.Submit(SendUserTurn.Text("poke it"));
        var (request, _) = await h.NextAsync<PermissionRequested>();

        request.ToolName.ShouldBe("Poke");
        tool.Calls.ShouldBe(0);
        turn.IsCompleted.ShouldBeFalse();

        await h.Session.Submit(new AnswerPermission(request.RequestId, new PermissionAnswer(PermissionAnswerKind.AllowOnce)));
        var (finished, before) = await h.NextAsync<TurnFinished>();

        finished.Reason.ShouldBe(TerminalReason.Completed);
        finished.ResultText.ShouldBe("done");
        tool.Calls.ShouldBe(1);
        before.OfType<ToolFinished>().Single().Result.IsError.ShouldBeFalse();
        (await turn).ShouldBe(finished);
    }

    [Fact]
    public async Task A_rejected_request_sends_the_feedback_to_the_model_and_the_tool_never_runs()
    {
        var tool = Writer();
        await using var h = new SessionHarness([tool]);
        h.Model.ToolUse("Poke", "{}").Text("ok, I will not");

        _ = h.Session.Submit(SendUserTurn.Text("poke it"));
        var (request, _) = await h.NextAsync<PermissionRequested>();
        _ = h.Session.Submit(new AnswerPermission(request.RequestId, new PermissionAnswer(PermissionAnswerKind.Reject, "use the other file")));
        var (finished, before) = await h.NextAsync<TurnFinished>();

        finished.Reason.ShouldBe(TerminalReason.Completed);
        tool.Calls.ShouldBe(0);
        var result = before.OfType<ToolFinished>().Single().Result;
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("use the other file");
    }

    [Fact]
    public async Task Interrupt_while_a_request_waits_cancels_the_request_and_the_turn_and_the_session_goes_on()
    {
        var tool = Writer();
        await using var h = new SessionHarness([tool]);
        h.Model.ToolUse("Poke", "{}").Text("second turn answer");

        _ = h.Session.Submit(SendUserTurn.Text("poke it"));
        var (request, _) = await h.NextAsync<PermissionRequested>();
        await h.Session.Submit(new Interrupt());

        var (cancelled, _) = await h.NextAsync<RequestCancelled>();
        cancelled.RequestId.ShouldBe(request.RequestId);
        var (finished, before) = await h.NextAsync<TurnFinished>();
        finished.Reason.ShouldBe(TerminalReason.Aborted);
        tool.Calls.ShouldBe(0);
        before.OfType<ToolFinished>().Single().Result.IsError.ShouldBeTrue();

        // A late answer to the cancelled request changes nothing; the next turn runs normally.
        await h.Session.Submit(new AnswerPermission(request.RequestId, new PermissionAnswer(PermissionAnswerKind.AllowOnce)));
        var next = await h.Session.Submit(SendUserTurn.Text("and now?"));
        next!.Reason.ShouldBe(TerminalReason.Completed);
        next.ResultText.ShouldBe("second turn answer");
        tool.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task Interrupt_stops_a_hanging_model_call_and_queued_turns_still_run_in_order()
    {
        await using var h = new SessionHarness([]);
        h.Model.Hang().Text("second").Text("third");

        var first = h.Session.Submit(SendUserTurn.Text("one"));
        var second = h.Session.Submit(SendUserTurn.Text("two"));
        var third = h.Session.Submit(SendUserTurn.Text("three"));
        await h.NextAsync<RequestStarted>();
        await h.Session.Submit(new Interrupt());

        (await first)!.Reason.ShouldBe(TerminalReason.Aborted);
        (await second)!.ResultText.ShouldBe("second");
        (await third)!.ResultText.ShouldBe("third");
        h.Model.Requests.Select(r => r.Messages[^1].Text).ShouldBe(["one", "onetwo", "three"], Case.Sensitive);
    }

    [Fact]
    public async Task Set_mode_applies_to_the_next_permission_decision()
    {
        var tool = Writer();
        await using var h = new SessionHarness([tool]);
        h.Model.ToolUse("Poke", "{}").Text("done");

        await h.Session.Submit(new SetMode(PermissionMode.BypassPermissions));
        var finished = await h.Session.Submit(SendUserTurn.Text("poke it"));

        finished!.Reason.ShouldBe(TerminalReason.Completed);
        tool.Calls.ShouldBe(1);
        h.Policy.Context.Mode.ShouldBe(PermissionMode.BypassPermissions);
    }

    [Fact]
    public async Task Command_outcomes_are_typed_operations_clear_model_and_rewind_change_the_session()
    {
        await using var h = new SessionHarness([]);
        h.Model.Text("a").Text("b").Text("c");
        await h.Session.Submit(SendUserTurn.Text("first"));
        await h.Session.Submit(SendUserTurn.Text("second"));

        h.Session.Messages.Count.ShouldBe(4);
        h.Session.Prompts.Select(p => p.Text).ShouldBe(["first", "second"]);
        await h.Session.Submit(new RewindConversation(h.Session.Prompts[1].Id));
        h.Session.Messages.Select(m => m.Text).ShouldBe(["first", "a"]);

        var model = new ModelCommandResult("claude-haiku-5-5").ToOperation().ShouldBeOfType<SetModel>();
        await h.Session.Submit(model);
        h.Session.Model.ShouldBe("claude-haiku-5-5");

        await h.Session.Submit(new ClearCommandResult().ToOperation()!);
        h.Session.Messages.ShouldBeEmpty();

        var prompt = new PromptCommandResult("do it", ["Bash(git status:*)"], "haiku").ToOperation().ShouldBeOfType<SendUserTurn>();
        prompt.Message.Text.ShouldBe("do it");
        prompt.Overrides!.AllowedTools.ShouldBe(["Bash(git status:*)"]);
        new CompactCommandResult("the parser").ToOperation().ShouldBe(new CompactConversation("the parser"));
        new ExitCommandResult().ToOperation().ShouldBeNull();
        new TextCommandResult("hello").ToOperation().ShouldBeNull();
    }

    [Fact]
    public async Task After_the_input_ends_the_session_waits_for_background_work_and_gives_the_model_its_notification()
    {
        var agent = new SlowAgent();
        SessionHarness? harness = null;
        var spawn = new FakeTool("Spawn", readOnly: true, (_, _) =>
        {
            harness!.Tools.Background.Register(agent);
            return Task.FromResult(ToolResult.Success("agent_1 started in the background"));
        });
        await using var h = harness = new SessionHarness([spawn], PermissionMode.BypassPermissions);
        h.Model.ToolUse("Spawn", "{}").Text("Started it.").Text("The agent said 42.");

        _ = h.Session.Submit(SendUserTurn.Text("start the agent"));
        h.Session.Complete();
        var (first, _) = await h.NextAsync<TurnFinished>();
        first.ResultText.ShouldBe("Started it.");

        // The input has ended, but the agent still works: the stream stays open until its result was handled.
        agent.Finish(h.Tools.Background, "<task-notification>agent_1 finished: 42</task-notification>");
        var rest = await h.RestAsync();

        var background = rest.OfType<TurnFinished>().ShouldHaveSingleItem();
        background.Kind.ShouldBe(TurnKind.Background);
        background.ResultText.ShouldBe("The agent said 42.");
        h.Model.Requests[^1].Messages[^1].Text.ShouldContain("agent_1 finished: 42");
    }

    [Fact]
    public async Task An_interrupted_turn_does_not_follow_background_work_and_the_stream_ends()
    {
        await using var h = new SessionHarness([]);
        h.Model.Hang().Text("never asked");

        var turn = h.Session.Submit(SendUserTurn.Text("one"));
        await h.NextAsync<RequestStarted>();
        await h.Session.Submit(new Interrupt());
        (await turn)!.Reason.ShouldBe(TerminalReason.Aborted);
        h.Tools.Background.Notify("<task-notification>late</task-notification>");
        h.Session.Complete();
        var rest = await h.RestAsync();

        rest.OfType<TurnFinished>().ShouldHaveSingleItem();
        h.Model.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_child_sessions_events_reach_the_parent_tagged_with_the_call_and_its_asks_are_the_parents_requests()
    {
        var tool = Writer();
        await using var h = new SessionHarness([tool]);
        var childModel = new ScriptedModelClient();
        childModel.ToolUse("Poke", "{}").Text("child done");
        await using var child = h.Child([tool], childModel, "toolu_agent");

        var turn = child.Submit(SendUserTurn.Text("poke it, helper"));
        var (request, before) = await h.NextAsync<PermissionRequested>();

        // The ask is the parent's own request (a surface answers it like any other), naming the Agent call.
        request.ParentToolUseId.ShouldBe("toolu_agent");
        request.ToolName.ShouldBe("Poke");
        before.ShouldAllBe(e => e is SubagentEvent);
        await h.Session.Submit(new AnswerPermission(request.RequestId, new PermissionAnswer(PermissionAnswerKind.AllowOnce)));

        var finished = await turn;
        finished!.ResultText.ShouldBe("child done");
        tool.Calls.ShouldBe(1);
        var (forwarded, _) = await h.NextAsync<SubagentEvent>();
        var rest = new List<SubagentEvent> { forwarded };
        while (rest[^1].Event is not TurnFinished)
        {
            rest.Add((await h.NextAsync<SubagentEvent>()).Found);
        }

        rest.ShouldAllBe(e => e.ParentToolUseId == "toolu_agent" && e.AgentId == "agent-1");
        rest.Select(e => e.Event).OfType<ToolFinished>().Single().Result.IsError.ShouldBeFalse();
        rest.Select(e => e.Event).OfType<AssistantBlockCompleted>().ShouldContain(b => b.Block is TextBlock);
        h.Model.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelling_a_childs_lifetime_aborts_its_turn()
    {
        await using var h = new SessionHarness([]);
        var childModel = new ScriptedModelClient();
        childModel.Hang();
        using var lifetime = new CancellationTokenSource();
        await using var child = h.Child([], childModel, "toolu_agent", lifetime.Token);

        var turn = child.Submit(SendUserTurn.Text("work forever"));
        await h.NextAsync<SubagentEvent>();
        await lifetime.CancelAsync();

        (await turn)!.Reason.ShouldBe(TerminalReason.Aborted);
    }

    /// <summary>A background agent that finishes when the test says so.</summary>
    private sealed class SlowAgent : IBackgroundTask
    {
        public string Id => "agent_1";

        public string Kind => "agent";

        public string Description => "slow work";

        public BackgroundTaskStatus Status { get; private set; } = BackgroundTaskStatus.Running;

        public DateTimeOffset StartedAt => DateTimeOffset.UnixEpoch;

        public bool WillNotify => Status == BackgroundTaskStatus.Running;

        public void Finish(BackgroundTasks tasks, string notification)
        {
            Status = BackgroundTaskStatus.Completed;
            tasks.Notify(notification);
        }

        public ValueTask StopAsync()
        {
            Status = BackgroundTaskStatus.Killed;
            return ValueTask.CompletedTask;
        }
    }
}
