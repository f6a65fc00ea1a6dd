using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// Settles what would still ask by asking (<see cref="IPermissionAsker"/>): allow once, allow always (the rule
/// is remembered), or reject with feedback for the model. An approval may change the input (decoded again).
/// Then reports the final decision and refuses whatever is not allowed.
/// </summary>
public sealed class AskStep(ToolPipelineParts parts) : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public async ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Decision.Behavior == PermissionBehavior.Ask)
        {
            await AskAsync(call, cancellationToken);
            if (call.Result is not null)
            {
                return;
            }
        }

        call.Emit(new PermissionResolved(call.Block, call.Decision) { Facets = call.Facets });
        if (call.Decision.Behavior != PermissionBehavior.Allow)
        {
            call.Refuse($"Permission to use {call.Block.Name} was denied: {call.Decision.Reason}");
        }
    }

    private async Task AskAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var decision = call.Decision;
        var answer = await parts.Asker.AskAsync(new PermissionAsk(call.Block.Id, call.Block.Name, call.Block.Input, decision, call.Facets, parts.Caller), cancellationToken);
        if (answer.Kind == PermissionAnswerKind.AllowAlways && parts.Memory?.RememberAllow(call.Block.Name, call.Facets, call.Session.CurrentDirectory, answer.Rules, answer.SessionOnly) is { } failed)
        {
            // The call itself was approved; only remembering it failed. The next call asks again.
            decision = decision with { Reason = $"{decision.Reason} (not remembered: {failed})" };
        }

        call.Decision = answer.Kind switch
        {
            PermissionAnswerKind.AllowOnce or PermissionAnswerKind.AllowAlways => decision with
            {
                Behavior = PermissionBehavior.Allow,
                Reason = "approved when asked",
                Prompted = true,
                Always = answer.Kind == PermissionAnswerKind.AllowAlways,
            },
            _ => decision with
            {
                Behavior = PermissionBehavior.Deny,
                Prompted = true,
                Reason = answer.Feedback is { Length: > 0 } feedback ? $"{decision.Reason}. The user said: {feedback}" : decision.Reason,
            },
        };

        if (call.Decision.Behavior == PermissionBehavior.Allow && answer.UpdatedPermissions is { } updates && parts.Policy is PermissionEngine engine)
        {
            // An SDK host's approval may carry permission updates (its suggestions, or its own): the same code as a PermissionRequest hook's.
            if (PermissionUpdates.Apply(updates, engine.Context, mode => engine.Context.Mode = mode, call.Session) is { Count: > 0 } problems)
            {
                call.Decision = call.Decision with { Reason = $"{call.Decision.Reason} (permission updates not applied: {string.Join("; ", problems)})" };
            }
        }

        if (call.Decision.Behavior == PermissionBehavior.Allow && answer.UpdatedInput is { ValueKind: JsonValueKind.Object } updated)
        {
            var decoding = DecodeInputStep.Decode(call.Tool!, updated, call.Session);
            if (decoding.Error is { } invalid)
            {
                call.Refuse(invalid);
                return;
            }

            call.Block = call.Block with { Input = updated };
            call.Input = decoding.Input;
        }
    }
}
