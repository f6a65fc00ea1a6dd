using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// Right before a call runs that says (in its facets) it writes files, stores what each of those files holds
/// now, once per prompt, so a rewind can put it back. Shell commands name no paths and are not covered.
/// </summary>
public sealed class CheckpointStep : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Session.Checkpoints is { } checkpoints)
        {
            foreach (var path in WrittenPaths(call))
            {
                checkpoints.BeforeWrite(path);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The absolute paths the call's facets say it writes.</summary>
    internal static IEnumerable<string> WrittenPaths(ToolCall call) => call.Facets.Paths
        .Where(static target => target.Access == PathAccess.Write && target.Path.Length > 0)
        .Select(target => call.Session.ResolvePath(target.Path))
        .Distinct(StringComparer.Ordinal);
}
