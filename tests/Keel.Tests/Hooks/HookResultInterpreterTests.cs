using Keel.Core.Hooks;

namespace Keel.Tests.Hooks;

public sealed class HookResultInterpreterTests
{
    [Fact]
    public void Exit_2_blocks_with_stderr_and_ignores_json()
    {
        var result = HookResultInterpreter.Interpret(HookEvent.PreToolUse, new HookExecution(2, """{"hookSpecificOutput":{"permissionDecision":"allow"}}""", "no rm here\n"));

        result.Blocked.ShouldBeTrue();
        result.Reason.ShouldBe("no rm here");
        result.PermissionDecision.ShouldBeNull();
    }

    [Fact]
    public void Exit_2_cannot_block_an_event_that_cannot_be_blocked()
    {
        var result = HookResultInterpreter.Interpret(HookEvent.SessionEnd, new HookExecution(2, string.Empty, "nope"));

        result.Blocked.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldContain("cannot block");
    }

    [Fact]
    public void Other_exit_codes_are_non_blocking_errors_with_the_first_stderr_line()
    {
        var result = HookResultInterpreter.Interpret(HookEvent.PreToolUse, new HookExecution(1, string.Empty, "boom\nstack trace"));

        result.Blocked.ShouldBeFalse();
        result.Error.ShouldBe("failed with exit code 1: boom");
        result.Label.ShouldBe("error");
    }

    [Fact]
    public void A_failing_hook_that_still_printed_a_decision_is_honoured()
    {
        var result = HookResultInterpreter.Interpret(HookEvent.PreToolUse, new HookExecution(1, """{"decision":"block","reason":"legacy"}""", string.Empty));

        result.PermissionDecision.ShouldBe("deny");
        result.Reason.ShouldBe("legacy");
        result.Error.ShouldNotBeNull();
    }

    [Fact]
    public void Pre_tool_use_json_gives_decision_reason_and_updated_input()
    {
        var result = HookResultInterpreter.Interpret(HookEvent.PreToolUse, new HookExecution(0, """
            {"systemMessage":"checked","hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask","permissionDecisionReason":"why","updatedInput":{"command":"ls"},"additionalContext":"ctx"}}
            """, string.Empty));

        result.PermissionDecision.ShouldBe("ask");
        result.Reason.ShouldBe("why");
        result.UpdatedInput!.Value.GetProperty("command").GetString().ShouldBe("ls");
        result.AdditionalContext.ShouldBe("ctx");
        result.SystemMessage.ShouldBe("checked");
    }

    [Fact]
    public void Permission_request_json_gives_behavior()
    {
        var result = HookResultInterpreter.Interpret(HookEvent.PermissionRequest, new HookExecution(0, """
            {"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"deny","message":"not today"}}}
            """, string.Empty));

        result.RequestBehavior.ShouldBe("deny");
        result.Reason.ShouldBe("not today");
    }

    [Fact]
    public void Plain_stdout_is_context_only_for_prompt_and_session_start_events()
    {
        HookResultInterpreter.Interpret(HookEvent.SessionStart, new HookExecution(0, "hello\n", string.Empty)).AdditionalContext.ShouldBe("hello");
        HookResultInterpreter.Interpret(HookEvent.UserPromptSubmit, new HookExecution(0, "hello", string.Empty)).AdditionalContext.ShouldBe("hello");
        HookResultInterpreter.Interpret(HookEvent.PreToolUse, new HookExecution(0, "hello", string.Empty)).ShouldBe(HookResult.None);
    }

    [Fact]
    public void Invalid_json_timeouts_and_start_failures_are_errors_not_decisions()
    {
        HookResultInterpreter.Interpret(HookEvent.PreToolUse, new HookExecution(0, "{oops", string.Empty)).Error.ShouldNotBeNull().ShouldContain("invalid JSON");
        HookResultInterpreter.Interpret(HookEvent.Stop, new HookExecution(null, string.Empty, string.Empty, TimedOut: true)).Error.ShouldNotBeNull().ShouldContain("timed out");
        var missing = HookResultInterpreter.Interpret(HookEvent.Stop, HookExecution.Failed("could not start"));
        missing.Blocked.ShouldBeFalse();
        missing.Error.ShouldBe("could not start");
    }

    [Fact]
    public void Continue_false_and_block_decisions_are_read_for_stop()
    {
        var result = HookResultInterpreter.Interpret(HookEvent.Stop, new HookExecution(0, """{"decision":"block","reason":"keep going","continue":false,"stopReason":"halt"}""", string.Empty));

        result.Blocked.ShouldBeTrue();
        result.Reason.ShouldBe("keep going");
        result.Stop.ShouldBeTrue();
        result.StopReason.ShouldBe("halt");
    }
}
