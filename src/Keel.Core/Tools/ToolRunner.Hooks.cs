using System.Text.Json;
using System.Threading.Channels;
using Keel.Core.Agent;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>
/// The hook steps around a tool call: PreToolUse before the permission decision (it may block, rewrite
/// the input, or allow/deny/ask — never past a deny or ask rule), PermissionRequest when the call would
/// ask, and PostToolUse / PostToolUseFailure after it ran (their feedback goes to the model).
/// </summary>
public sealed partial class ToolRunner
{
    private async Task<(PermissionDecision? Blocked, JsonElement? Input, HookOutcome Outcome)> PreToolUseAsync(
        ToolUseBlock call, ChannelWriter<AgentEvent> events, CancellationToken token)
    {
        if (Hooks is not { } hooks || !hooks.Has(HookEvent.PreToolUse))
        {
            return (null, null, HookOutcome.None);
        }

        var outcome = await hooks.PreToolUseAsync(call, token);
        Report(HookEvent.PreToolUse, outcome, events, hooks);
        if (outcome.Blocked || outcome.PermissionDecision == "deny")
        {
            var reason = outcome.BlockReason ?? outcome.PermissionReason ?? "a PreToolUse hook denied it";
            events.TryWrite(new HookNotice(HookEvent.PreToolUse, $"PreToolUse hook blocked {call.Name}: {reason}"));
            return (new PermissionDecision(PermissionBehavior.Deny, reason, Source: "hook"), null, outcome);
        }

        return (null, outcome.UpdatedInput, outcome);
    }

    /// <summary>A hook's allow skips the prompt a mode would show, but never a deny, an ask rule or a protected path.</summary>
    private static PermissionDecision ApplyHookDecision(PermissionDecision decision, HookOutcome outcome)
    {
        var reason = outcome.PermissionReason is { Length: > 0 } why ? $": {why}" : string.Empty;
        return outcome.PermissionDecision switch
        {
            "allow" when decision.Behavior == PermissionBehavior.Ask && decision.Rule is null && decision.Source != "protectedPath" =>
                new PermissionDecision(PermissionBehavior.Allow, "allowed by a PreToolUse hook" + reason, Source: "hook"),
            "ask" when decision.Behavior == PermissionBehavior.Allow =>
                new PermissionDecision(PermissionBehavior.Ask, "a PreToolUse hook asks for confirmation" + reason, Source: "hook"),
            _ => decision,
        };
    }

    private async Task<(PermissionDecision Decision, ToolUseBlock Call)> PermissionRequestAsync(
        ToolUseBlock call, PermissionDecision decision, ChannelWriter<AgentEvent> events, CancellationToken token)
    {
        if (Hooks is not { } hooks || !hooks.Has(HookEvent.PermissionRequest))
        {
            return (decision, call);
        }

        var outcome = await hooks.PermissionRequestAsync(call, token);
        Report(HookEvent.PermissionRequest, outcome, events, hooks);
        if (outcome.Blocked || outcome.RequestBehavior == "deny")
        {
            var reason = outcome.RequestMessage ?? outcome.BlockReason ?? "a PermissionRequest hook denied it";
            return (new PermissionDecision(PermissionBehavior.Deny, reason, Source: "hook"), call);
        }

        if (outcome.RequestBehavior == "allow")
        {
            var input = outcome.UpdatedInput ?? call.Input;
            return (new PermissionDecision(PermissionBehavior.Allow, "approved by a PermissionRequest hook", Source: "hook"), call with { Input = input });
        }

        return (decision, call);
    }

    private async Task<ToolResult> PostToolUseAsync(ToolUseBlock call, ToolResult result, TimeSpan duration, ChannelWriter<AgentEvent> events, CancellationToken token)
    {
        var hookEvent = result.IsError ? HookEvent.PostToolUseFailure : HookEvent.PostToolUse;
        if (Hooks is not { } hooks || !hooks.Has(hookEvent))
        {
            return result;
        }

        var outcome = result.IsError
            ? await hooks.PostToolUseFailureAsync(call, result, interrupted: false, token)
            : await hooks.PostToolUseAsync(call, result, duration, token);
        Report(hookEvent, outcome, events, hooks);

        // The tool already ran: a block cannot undo it, so the reason (and any context) goes to the model.
        var feedback = new List<string>();
        if (outcome.BlockReason is { } reason)
        {
            feedback.Add($"{hookEvent} hook feedback: {reason}");
        }

        if (outcome.JoinedContext is { } context)
        {
            feedback.Add($"{hookEvent} hook context: {context}");
        }

        return feedback.Count == 0
            ? result
            : result with { Content = [.. result.Content, new TextBlock("\n\n" + string.Join("\n\n", feedback))] };
    }

    private static ToolResult WithContext(ToolResult result, HookEvent hookEvent, string? context) => context is null
        ? result
        : result with { Content = [.. result.Content, new TextBlock($"\n\n{hookEvent} hook context: {context}")] };

    private static void Report(HookEvent hookEvent, HookOutcome outcome, ChannelWriter<AgentEvent> events, HookRunner hooks)
    {
        foreach (var notice in outcome.Notices)
        {
            events.TryWrite(new HookNotice(hookEvent, notice));
        }

        if (outcome.Stop)
        {
            hooks.RequestStop(outcome.StopReason ?? $"a {hookEvent} hook stopped the session");
        }
    }
}
