using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Recovery;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Agent;

public sealed class RecoveryLoopTests
{
    private static readonly ModelError Overloaded = new(ModelErrorKind.Http, "Overloaded", 529, "overloaded_error");

    [Fact]
    public async Task Three_overloads_switch_the_rest_of_the_session_to_the_fallback_model()
    {
        using var h = new LoopHarness([], fallbackModel: "claude-haiku-5-5");
        h.Model.Fail(Overloaded).Fail(Overloaded).Fail(Overloaded).Text("from haiku").Text("second turn");

        var events = await h.RunAsync("go");
        await h.RunAsync("again");

        var fallback = events.OfType<ModelFallbackActivated>().Single();
        fallback.From.ShouldBe("claude-sonnet-5-5");
        fallback.To.ShouldBe("claude-haiku-5-5");
        h.Model.Requests.Select(r => r.Model).ShouldBe(["claude-sonnet-5-5", "claude-sonnet-5-5", "claude-sonnet-5-5", "claude-haiku-5-5", "claude-haiku-5-5"]);
        events.OfType<TurnFinished>().Single().ResultText.ShouldBe("from haiku");
        h.Loop.Model.ShouldBe("claude-haiku-5-5");
        h.Loop.State!.Transition.ShouldBe(Transition.UserInput);
        events.OfType<TurnFinished>().Single().LastTransition.ShouldBe(Transition.ModelFallback);
    }

    [Fact]
    public async Task After_a_model_switch_earlier_thinking_blocks_are_dropped_whole()
    {
        using var h = new LoopHarness([], fallbackModel: "claude-haiku-5-5");
        h.Model.ThinkingThenText("let me think", "sig-1", "first").Fail(Overloaded).Fail(Overloaded).Fail(Overloaded).Text("second");

        await h.RunAsync("one");
        await h.RunAsync("two");

        var before = h.Model.Requests[1].Messages[1];
        before.Content.OfType<ThinkingBlock>().Single().ShouldBe(new ThinkingBlock("let me think", "sig-1"));
        var after = h.Model.Requests[^1].Messages;
        after.SelectMany(m => m.Content).ShouldNotContain(b => b is ThinkingBlock || b is RedactedThinkingBlock);
        after[1].Content.ShouldBe([new TextBlock("first")]);
    }

    [Fact]
    public async Task Thinking_blocks_go_back_byte_exact_while_the_model_is_unchanged()
    {
        using var h = new LoopHarness([]);
        h.Model.ThinkingThenText("careful thought\n", "c2lnbmF0dXJl==", "answer").Text("next");

        await h.RunAsync("one");
        await h.RunAsync("two");

        h.Model.Requests[1].Messages[1].Content[0].ShouldBe(new ThinkingBlock("careful thought\n", "c2lnbmF0dXJl=="));
    }

    [Fact]
    public async Task Without_a_fallback_three_overloads_still_end_the_turn()
    {
        using var h = new LoopHarness([]);
        h.Model.Fail(Overloaded).Fail(Overloaded).Fail(Overloaded);

        var events = await h.RunAsync("go");

        events.OfType<ModelFallbackActivated>().ShouldBeEmpty();
        events.OfType<TurnFinished>().Single().Error!.Message.ShouldContain("stayed overloaded");
    }

    [Fact]
    public async Task A_max_tokens_stop_is_retried_once_with_a_higher_cap()
    {
        using var h = new LoopHarness([]);
        h.Model.CutOff("half an ans").Text("the whole answer");

        var events = await h.RunAsync("go");

        h.Model.Requests.Select(r => r.MaxTokens).ShouldBe([1000, 64_000]);
        h.Model.Requests[1].Messages.ShouldBe(h.Model.Requests[0].Messages);
        var finished = events.OfType<TurnFinished>().Single();
        finished.ResultText.ShouldBe("the whole answer");
        finished.NumTurns.ShouldBe(1);
        h.Loop.Messages.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_second_max_tokens_stop_keeps_the_partial_answer_and_asks_to_continue()
    {
        using var h = new LoopHarness([]);
        h.Model.CutOff("part one, ").CutOff("part two, ").Text("end.");

        var events = await h.RunAsync("go");

        h.Model.Requests.Count.ShouldBe(3);
        var third = h.Model.Requests[2].Messages;
        third[^2].Role.ShouldBe(Role.Assistant);
        third[^2].Content.ShouldBe([new TextBlock("part two, ")]);
        third[^1].Text.ShouldBe(AgentLoop.ContinueAfterMaxTokens);
        h.Model.Requests[2].MaxTokens.ShouldBe(64_000);
        events.OfType<TurnFinished>().Single().ResultText.ShouldBe("part two, end.");
    }

    [Fact]
    public async Task Continuations_are_bounded_and_the_turn_ends_with_what_exists()
    {
        using var h = new LoopHarness([]);
        h.Model.CutOff("a").CutOff("b").CutOff("c").CutOff("d").CutOff("e");

        var events = await h.RunAsync("go");

        h.Model.Requests.Count.ShouldBe(5);
        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.Completed);
        finished.ResultText.ShouldBe("bcde");
        finished.LastTransition.ShouldBe(Transition.MaxTokensContinuation);
        h.Loop.Messages[^1].Role.ShouldBe(Role.Assistant);
        h.Loop.Messages[^1].Content.ShouldBe([new TextBlock("e")]);
    }

    [Fact]
    public async Task The_escalation_step_is_a_transition()
    {
        using var h = new LoopHarness([]);
        h.Model.CutOff("x").Text("y");
        var transitions = new List<Transition>();

        await foreach (var e in h.Loop.RunTurnAsync(Message.UserText("go"), CancellationToken.None))
        {
            if (e is RequestStarted)
            {
                transitions.Add(h.Loop.State!.Transition);
            }
        }

        transitions.ShouldBe([Transition.UserInput, Transition.MaxTokensEscalated]);
    }

    [Fact]
    public async Task A_budget_too_small_for_any_answer_sends_no_request()
    {
        var echo = new FakeTool("Echo", readOnly: true, (_, _) => Task.FromResult(Keel.Core.Tools.ToolResult.Success("ok")));
        using var h = new LoopHarness([echo], configure: o => o with { MaxBudgetUsd = 0.00001m });
        h.Model.ToolUse("Echo", "{}").Text("never");

        var events = await h.RunAsync("go");

        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.BudgetExceeded);
        finished.Detail.ShouldNotBeNull().ShouldContain("could cost up to");
        h.Model.Requests.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Ultrathink_raises_the_thinking_budget_for_that_prompt_only()
    {
        using var h = new LoopHarness([], configure: o => o with { Thinking = new ThinkingConfig(ThinkingBudgets.Low) });
        h.Model.Text("deep").Text("shallow");

        await h.RunAsync("Please ultrathink about this");
        await h.RunAsync("now a quick one");

        h.Model.Requests[0].Thinking!.BudgetTokens.ShouldBe(ThinkingBudgets.High);
        h.Model.Requests[0].MaxTokens.ShouldBeGreaterThan(ThinkingBudgets.High);
        h.Model.Requests[1].Thinking!.BudgetTokens.ShouldBe(ThinkingBudgets.Low);
    }
}
