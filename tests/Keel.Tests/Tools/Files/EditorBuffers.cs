using System.Text;
using Keel.Core.Tools;

namespace Keel.Tests.Tools.Files;

/// <summary>An editor's open buffers in memory, standing in for ACP's fs capability; records every call.</summary>
internal sealed class EditorBuffers : IWorkspaceFiles
{
    public Dictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    /// <summary>When set, every call fails with this message (the editor refused).</summary>
    public string? Refusal { get; set; }

    public bool ReadsBuffers => true;

    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        Calls.Add($"read {path}");
        return ValueTask.FromResult<byte[]?>(Encoding.UTF8.GetBytes(Text(path)));
    }

    public ValueTask<string> ReadLinesAsync(string path, int line, int limit, CancellationToken cancellationToken)
    {
        Calls.Add($"read {path} {line} {limit}");
        return ValueTask.FromResult(string.Join('\n', Text(path).Split('\n').Skip(line - 1).Take(limit)));
    }

    public ValueTask WriteAsync(string path, string text, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        Calls.Add($"write {path}");
        if (Refusal is not null)
        {
            throw new IOException(Refusal);
        }

        Texts[path] = text;
        return ValueTask.CompletedTask;
    }

    private string Text(string path) =>
        Refusal is not null ? throw new IOException(Refusal)
        : Texts.TryGetValue(path, out var text) ? text
        : throw new IOException("no such buffer");
}
