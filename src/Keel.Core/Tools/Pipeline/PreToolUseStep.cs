using Keel.Core.Hooks;
using Keel.Core.Agent;
using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// PreToolUse hooks, before the permission decision: they may block the call, rewrite its input (decoded
/// again, and refused when it no longer fits), or say allow/deny/ask — never past a deny or ask rule.
/// </summary>
public sealed class PreToolUseStep(ToolPipelineParts parts) : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public async ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (parts.Hooks is not { } hooks || !hooks.Has(HookEvent.PreToolUse))
        {
            return;
        }

        var outcome = await hooks.PreToolUseAsync(call.Block, parts.Caller, cancellationToken);
        call.PreToolUse = outcome;
        HookReports.Report(HookEvent.PreToolUse, outcome, call, hooks);
        if (outcome.Blocked || outcome.PermissionDecision == "deny")
        {
            var reason = outcome.BlockReason ?? outcome.PermissionReason ?? "a PreToolUse hook denied it";
            call.Emit(new HookNotice(HookEvent.PreToolUse, $"PreToolUse hook blocked {call.Block.Name}: {reason}"));
            call.Decision = new PermissionDecision(PermissionBehavior.Deny, reason, Source: "hook");
            call.Emit(new PermissionResolved(call.Block, call.Decision) { Facets = call.Facets });
            call.Refuse(reason);
            return;
        }

        if (outcome.UpdatedInput is { } rewritten)
        {
            var decoding = DecodeInputStep.Decode(call.Tool!, rewritten, call.Session);
            if (decoding.Error is { } invalid)
            {
                call.Refuse($"A PreToolUse hook rewrote the input, and the result is not valid: {invalid}");
                return;
            }

            call.Block = call.Block with { Input = rewritten };
            call.Input = decoding.Input;
        }
    }
}
