using Keel.Core.Hooks;
using Keel.Core.Messages;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// PostToolUse (or PostToolUseFailure) hooks after the tool ran. The tool already ran, so a block cannot
/// undo it: the reason and any context go to the model, after the PreToolUse hooks' context.
/// </summary>
public sealed class PostToolUseStep(ToolPipelineParts parts) : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.After;

    public async ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var result = call.Result!;
        var hookEvent = result.IsError ? HookEvent.PostToolUseFailure : HookEvent.PostToolUse;
        var feedback = new List<string>();
        if (parts.Hooks is { } hooks && hooks.Has(hookEvent))
        {
            var outcome = result.IsError
                ? await hooks.PostToolUseFailureAsync(call.Block, result, interrupted: false, parts.Caller, cancellationToken)
                : await hooks.PostToolUseAsync(call.Block, result, call.ExecutionTime, parts.Caller, cancellationToken);
            HookReports.Report(hookEvent, outcome, call, hooks);
            if (outcome.BlockReason is { } reason)
            {
                feedback.Add($"\n\n{hookEvent} hook feedback: {reason}");
            }

            if (outcome.JoinedContext is { } context)
            {
                feedback.Add($"\n\n{hookEvent} hook context: {context}");
            }
        }

        if (call.PreToolUse.JoinedContext is { } preContext)
        {
            feedback.Add($"\n\n{HookEvent.PreToolUse} hook context: {preContext}");
        }

        if (feedback.Count > 0)
        {
            call.Result = result with { Content = [.. result.Content, new TextBlock(string.Concat(feedback))] };
        }
    }
}
