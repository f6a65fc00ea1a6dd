using Keel.Core.Hooks;
using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// The permission decision for the decoded call (rules, the tool's own check, the mode), adjusted by what
/// a PreToolUse hook said: its allow skips a prompt the mode would show, but never a deny, an ask rule or a
/// protected path; its ask turns an allow into a prompt.
/// </summary>
public sealed class PermissionStep(ToolPipelineParts parts) : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var decision = parts.Policy.Decide(call.Tool!, call.Input!, call.Session);
        call.Decision = ApplyHook(decision, call.PreToolUse);
        return ValueTask.CompletedTask;
    }

    private static PermissionDecision ApplyHook(PermissionDecision decision, HookOutcome outcome)
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
}
