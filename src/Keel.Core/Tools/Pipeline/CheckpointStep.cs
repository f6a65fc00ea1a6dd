using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// Right before a call runs that says (in its facets) it writes files, stores what each of those files holds
/// now, once per prompt, so a rewind can put it back. Shell commands name no paths and are not covered.
/// </summary>
public sealed class CheckpointStep : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public async ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Session.Checkpoints is { } checkpoints)
        {
            foreach (var path in WrittenPaths(call))
            {
                if (await ContentAsync(call.Session, path, cancellationToken) is { } seen)
                {
                    checkpoints.BeforeWrite(path, seen.Content);
                }
                else
                {
                    checkpoints.BeforeWrite(path);
                }
            }
        }
    }

    /// <summary>
    /// The file as the tools see it when that is not the disk (an editor's buffer), so a rewind restores what the
    /// tool changed; null means the disk (also when the editor could not say: the disk is the best record left).
    /// </summary>
    internal static async ValueTask<SeenContent?> ContentAsync(ToolSession session, string path, CancellationToken cancellationToken)
    {
        if (!session.Files.ReadsBuffers || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return new SeenContent(await session.Files.ReadAsync(path, cancellationToken));
        }
        catch (IOException)
        {
            return null;
        }
    }

    internal sealed record SeenContent(byte[]? Content);

    /// <summary>The absolute paths the call's facets say it writes.</summary>
    internal static IEnumerable<string> WrittenPaths(ToolCall call) => call.Facets.Paths
        .Where(static target => target.Access == PathAccess.Write && target.Path.Length > 0)
        .Select(target => call.Session.ResolvePath(target.Path))
        .Distinct(StringComparer.Ordinal);
}
