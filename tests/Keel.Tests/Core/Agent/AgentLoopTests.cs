using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Agent;

public sealed class AgentLoopTests
{
    private static FakeTool Echo(bool readOnly = true) =>
        new("Echo", readOnly, (input, _) => Task.FromResult(ToolResult.Success("echo:" + input.GetRawText())));

    [Fact]
    public async Task A_text_answer_completes_the_turn()
    {
        using var h = new LoopHarness([]);
        h.Model.Text("Hello there.");

        var events = await h.RunAsync("hi");

        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.Completed);
        finished.ResultText.ShouldBe("Hello there.");
        finished.NumTurns.ShouldBe(1);
        h.Loop.Messages.Count.ShouldBe(2);
        string.Concat(events.OfType<AssistantTextDelta>().Select(d => d.Text)).ShouldBe("Hello there.");
    }

    [Fact]
    public async Task Tool_results_go_back_to_the_model_in_one_user_message()
    {
        var tool = Echo();
        using var h = new LoopHarness([tool]);
        h.Model.ToolUses(("Echo", """{"a":1}"""), ("Echo", """{"b":2}""")).Text("done");

        var events = await h.RunAsync("go");

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Completed);
        tool.Calls.ShouldBe(2);
        h.Model.Requests.Count.ShouldBe(2);
        var second = h.Model.Requests[1].Messages;
        second.Count.ShouldBe(3);
        var results = second[2].Content.OfType<ToolResultBlock>().ToList();
        results.Select(r => r.ToolUseId).ShouldBe(second[1].ToolUses.Select(t => t.Id));
        ((TextBlock)results[0].Content[0]).Text.ShouldBe("""echo:{"a":1}""");
        h.Loop.State!.Transition.ShouldBe(Transition.ToolResults);
        events.OfType<ToolFinished>().Select(f => f.Call.Id).ShouldBe(second[1].ToolUses.Select(t => t.Id));
    }

    [Fact]
    public async Task The_system_prompt_and_tools_are_identical_on_every_request()
    {
        using var h = new LoopHarness([Echo()]);
        h.Model.ToolUse("Echo", "{}").ToolUse("Echo", "{}").Text("done");

        await h.RunAsync("go");

        h.Model.Requests.Count.ShouldBe(3);
        h.Model.Requests.Select(r => r.System).Distinct().Count().ShouldBe(1);
        h.Model.Requests.Select(r => r.Tools).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_tool_gets_an_error_result_not_a_crash()
    {
        using var h = new LoopHarness([Echo()]);
        h.Model.ToolUse("Nope", "{}").Text("ok");

        var events = await h.RunAsync("go");

        var result = events.OfType<ToolFinished>().Single().Result;
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("No such tool: Nope");
        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Completed);
    }

    [Fact]
    public async Task Malformed_tool_input_is_reported_to_the_model()
    {
        var tool = Echo();
        using var h = new LoopHarness([tool]);
        h.Model.ToolUse("Echo", """{"a": 1, "b": """).Text("ok");

        var events = await h.RunAsync("go");

        var result = events.OfType<ToolFinished>().Single().Result;
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("not a JSON object");
        tool.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_denied_tool_yields_an_error_result_and_the_run_goes_on()
    {
        var tool = Echo(readOnly: false);
        using var h = new LoopHarness([tool], PermissionMode.Default);
        h.Model.ToolUse("Echo", "{}").Text("understood");

        var events = await h.RunAsync("go");

        var finished = events.OfType<ToolFinished>().Single();
        finished.Decision.Behavior.ShouldBe(PermissionBehavior.Deny);
        finished.Result.Text.ShouldContain("denied");
        tool.Calls.ShouldBe(0);
        events.OfType<TurnFinished>().Single().ResultText.ShouldBe("understood");
    }

    [Fact]
    public async Task A_bare_deny_rule_removes_the_tool_from_the_offer()
    {
        using var h = new LoopHarness([Echo()], deny: ["Echo"]);
        h.Model.Text("ok");

        await h.RunAsync("go");

        h.Model.Requests[0].Tools.ShouldBeEmpty();
    }

    [Fact]
    public async Task Max_turns_stops_the_loop()
    {
        using var h = new LoopHarness([Echo()], maxTurns: 2);
        h.Model.ToolUse("Echo", "{}").ToolUse("Echo", "{}").Text("never");

        var events = await h.RunAsync("go");

        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.MaxTurns);
        finished.NumTurns.ShouldBe(2);
        h.Model.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Overloaded_errors_are_retried_then_succeed()
    {
        using var h = new LoopHarness([]);
        var overloaded = new ModelError(ModelErrorKind.Http, "Overloaded", 529, "overloaded_error");
        h.Model.Fail(overloaded).Fail(overloaded).Text("fine");

        var events = await h.RunAsync("go");

        events.OfType<RetryScheduled>().Count().ShouldBe(2);
        events.OfType<TurnFinished>().Single().ResultText.ShouldBe("fine");
        h.Time.Delays.ShouldBe([TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000)]);
    }

    [Fact]
    public async Task Three_overloaded_errors_in_a_row_end_the_turn()
    {
        using var h = new LoopHarness([]);
        var overloaded = new ModelError(ModelErrorKind.Http, "Overloaded", 529, "overloaded_error");
        h.Model.Fail(overloaded).Fail(overloaded).Fail(overloaded).Text("unreached");

        var events = await h.RunAsync("go");

        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.ModelError);
        finished.Error!.Status.ShouldBe(529);
        h.Model.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        using var h = new LoopHarness([]);
        h.Model.Fail(new ModelError(ModelErrorKind.Http, "slow down", 429, "rate_limit_error", RetryAfter: TimeSpan.FromSeconds(7))).Text("ok");

        await h.RunAsync("go");

        h.Time.Delays.ShouldContain(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_bad_request_fails_fast_without_retry()
    {
        using var h = new LoopHarness([]);
        h.Model.Fail(new ModelError(ModelErrorKind.Http, "prompt is too long: 210000 tokens > 200000 maximum", 400, "invalid_request_error"));

        var events = await h.RunAsync("go");

        events.OfType<RetryScheduled>().ShouldBeEmpty();
        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.PromptTooLong);
    }

    [Fact]
    public async Task Should_retry_false_is_obeyed()
    {
        using var h = new LoopHarness([]);
        h.Model.Fail(new ModelError(ModelErrorKind.Http, "busy", 529, "overloaded_error", ShouldRetry: false));

        var events = await h.RunAsync("go");

        h.Model.Requests.Count.ShouldBe(1);
        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.ModelError);
    }

    [Fact]
    public async Task Cancelling_during_a_tool_gives_interrupted_results_and_a_valid_conversation()
    {
        using var cts = new CancellationTokenSource();
        var slow = new FakeTool("Slow", readOnly: true, async (_, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return ToolResult.Success("unreachable");
        });
        using var h = new LoopHarness([slow]);
        h.Model.ToolUse("Slow", "{}");

        var events = await h.RunAsync("go", cts.Token);

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Aborted);
        var last = h.Loop.Messages[^1];
        last.Role.ShouldBe(Role.User);
        var result = last.Content.OfType<ToolResultBlock>().Single();
        result.IsError.ShouldBeTrue();
        ((TextBlock)result.Content[0]).Text.ShouldBe(ToolRunner.InterruptedMessage);
    }

    [Fact]
    public async Task Cancelling_while_streaming_aborts_without_a_partial_message()
    {
        using var cts = new CancellationTokenSource();
        using var h = new LoopHarness([]);
        h.Model.Hang();

        var run = h.RunAsync("go", cts.Token);
        await cts.CancelAsync();
        var events = await run;

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Aborted);
        h.Loop.Messages.Count.ShouldBe(1);
    }
}
