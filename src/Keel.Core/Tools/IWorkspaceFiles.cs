namespace Keel.Core.Tools;

/// <summary>
/// Where the file tools get and put the text of files: the local disk by default, or an editor that serves its
/// open (possibly unsaved) buffers over ACP. Paths are absolute and were checked (rules, sandbox paths, the
/// use-time recheck) before they get here. Failures are <see cref="IOException"/>s whose message the tools pass on.
/// </summary>
public interface IWorkspaceFiles
{
    /// <summary>True when text comes from editor buffers, which can differ from the disk (a disk stamp then says nothing about it).</summary>
    bool ReadsBuffers { get; }

    /// <summary>The file's content (an editor's text as UTF-8), or null when there is no such file.</summary>
    ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> lines of the text from 1-based line <paramref name="line"/> on, joined by '\n'.</summary>
    ValueTask<string> ReadLinesAsync(string path, int line, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the file's content (creating it when missing): a disk stores <paramref name="encoded"/> (the text in
    /// the file's own encoding and BOM), an editor takes <paramref name="text"/>.
    /// </summary>
    ValueTask WriteAsync(string path, string text, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken);
}
