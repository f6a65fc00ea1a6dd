using Keel.Core.Storage;

namespace Keel.Core.Tools;

/// <summary>The local disk: what every surface but an editor with the ACP file capability uses.</summary>
public sealed class LocalWorkspaceFiles : IWorkspaceFiles
{
    public static LocalWorkspaceFiles Instance { get; } = new();

    public bool ReadsBuffers => false;

    public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;

    public async ValueTask<string> ReadLinesAsync(string path, int line, int limit, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await foreach (var text in File.ReadLinesAsync(path, cancellationToken))
        {
            if (lines.Count >= limit)
            {
                break;
            }

            if (--line <= 0)
            {
                lines.Add(text);
            }
        }

        return string.Join('\n', lines);
    }

    public ValueTask WriteAsync(string path, string text, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        // A tool call's write: the round trip does not wait for the disk (see WriteFlushLater for what that keeps).
        AtomicFile.WriteFlushLater(path, encoded.Span);
        return ValueTask.CompletedTask;
    }
}
