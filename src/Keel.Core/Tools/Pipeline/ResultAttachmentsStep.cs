using Keel.Core.Messages;

namespace Keel.Core.Tools.Pipeline;

/// <summary>Adds the context a call earned by what it touched (nested instruction files, path-scoped rules) to its result.</summary>
public sealed class ResultAttachmentsStep(ToolPipelineParts parts) : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.After;

    public ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (parts.ResultAttachments is { } attachments && call.Result is { IsError: false } result
            && attachments.For(call.Block, result, call.Session) is { Length: > 0 } attached)
        {
            call.Result = result with { Content = [.. result.Content, new TextBlock(attached)] };
        }

        return ValueTask.CompletedTask;
    }
}
