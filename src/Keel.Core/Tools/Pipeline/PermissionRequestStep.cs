using Keel.Core.Hooks;
using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>PermissionRequest hooks, when the call would ask: they may allow (optionally with a new input) or deny it first.</summary>
public sealed class PermissionRequestStep(ToolPipelineParts parts) : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public async ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Decision.Behavior != PermissionBehavior.Ask || parts.Hooks is not { } hooks || !hooks.Has(HookEvent.PermissionRequest))
        {
            return;
        }

        var outcome = await hooks.PermissionRequestAsync(call.Block, parts.Caller, cancellationToken);
        HookReports.Report(HookEvent.PermissionRequest, outcome, call, hooks);
        if (outcome.Blocked || outcome.RequestBehavior == "deny")
        {
            var reason = outcome.RequestMessage ?? outcome.BlockReason ?? "a PermissionRequest hook denied it";
            call.Decision = new PermissionDecision(PermissionBehavior.Deny, reason, Source: "hook");
            return;
        }

        if (outcome.RequestBehavior != "allow")
        {
            return;
        }

        if (outcome.UpdatedInput is { } updated)
        {
            var decoding = DecodeInputStep.Decode(call.Tool!, updated, call.Session);
            if (decoding.Error is { } invalid)
            {
                call.Refuse($"A PermissionRequest hook changed the input, and the result is not valid: {invalid}");
                return;
            }

            call.Block = call.Block with { Input = updated };
            call.Input = decoding.Input;
        }

        if (parts.Policy is PermissionEngine engine)
        {
            // Rules the hook adds hold from this call on, and are saved when it asks (as the user's "always allow" is).
            foreach (var updates in outcome.UpdatedPermissions)
            {
                foreach (var problem in PermissionUpdates.Apply(updates, engine.Context, mode => engine.Context.Mode = mode, call.Session))
                {
                    call.Emit(new HookNotice(HookEvent.PermissionRequest, $"PermissionRequest hook: {problem}"));
                }
            }
        }

        call.Decision = new PermissionDecision(PermissionBehavior.Allow, "approved by a PermissionRequest hook", Source: "hook");
    }
}
