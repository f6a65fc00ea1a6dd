using System.Text;

namespace Keel.Tools.Search;

/// <summary>
/// One search thread's store for content-mode blocks: each file's lines are copied into a large shared array and held
/// as a slice of it, so an unlimited content search does not make (and the collector move) one string per file.
/// </summary>
internal sealed class BlockChunk
{
    // Large enough to live on the large-object heap, where the collector does not copy it.
    private const int ChunkChars = 128 * 1024;
    private char[] _chunk = [];
    private int _used;

    /// <summary>Copies the builder's text in and returns where it now is.</summary>
    public ReadOnlyMemory<char> Add(StringBuilder builder)
    {
        var length = builder.Length;
        if (_chunk.Length - _used < length)
        {
            _chunk = new char[Math.Max(ChunkChars, length)];
            _used = 0;
        }

        var slice = _chunk.AsMemory(_used, length);
        builder.CopyTo(0, _chunk.AsSpan(_used, length), length);
        _used += length;
        return slice;
    }
}
