namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// After a file-writing call ran (also when it failed or was interrupted half-way), notes what Keel left in each
/// file, so a later rewind can tell Keel's changes from changes made outside it.
/// </summary>
public sealed class CheckpointWrittenStep : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.After;

    public async ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Session.Checkpoints is { } checkpoints)
        {
            foreach (var path in CheckpointStep.WrittenPaths(call))
            {
                if (await CheckpointStep.ContentAsync(call.Session, path, CancellationToken.None) is { } seen)
                {
                    checkpoints.AfterWrite(path, seen.Content);
                }
                else
                {
                    checkpoints.AfterWrite(path);
                }
            }
        }
    }
}
