using System.Runtime.InteropServices;

namespace Keel.Tools.Search;

/// <summary>
/// Collects output lines with Grep's offset/head_limit paging. An entry past the window is only counted, so callers
/// ask <see cref="Wants"/> before building one; a file's content can come as one block of several lines.
/// </summary>
internal sealed class GrepOutput
{
    private readonly int _offset;
    private readonly int _limit;
    private readonly List<ReadOnlyMemory<char>> _entries = [];
    private int _seen;

    public GrepOutput(int offset, int limit)
    {
        _offset = offset;
        _limit = limit;
    }

    /// <summary>Lines kept (a block counts its lines).</summary>
    public int Count { get; private set; }

    /// <summary>True once an entry past the limit was offered.</summary>
    public bool Truncated { get; private set; }

    public bool Full => Truncated;

    /// <summary>How many more lines may be offered before the output is full (one past the window, to notice truncation).</summary>
    public int Remaining => Truncated ? 0 : (int)Math.Min(int.MaxValue, (long)_offset + _limit - _seen + 1);

    /// <summary>How many entries can be offered before the output is full: the window and one more, to notice truncation.</summary>
    public long MostEntries => (long)_offset + _limit + 1;

    /// <summary>The kept entries, for modes whose entries are single lines.</summary>
    public IEnumerable<string> Lines => _entries.Select(static e => e.ToString());

    /// <summary>Counts one entry; true when it falls in the window and should be built and given to <see cref="Keep"/>.</summary>
    public bool Wants()
    {
        _seen++;
        if (_seen <= _offset)
        {
            return false;
        }

        if (Count < _limit)
        {
            return true;
        }

        Truncated = true;
        return false;
    }

    /// <summary>Stores an entry <see cref="Wants"/> accepted.</summary>
    public void Keep(string line)
    {
        _entries.Add(line.AsMemory());
        Count++;
    }

    public void Add(string line)
    {
        if (Wants())
        {
            Keep(line);
        }
    }

    /// <summary>Adds <paramref name="lineCount"/> lines joined by <c>\n</c>, whole when they all fall in the window.</summary>
    public void AddBlock(ReadOnlyMemory<char> block, int lineCount)
    {
        if (_seen >= _offset && Count + lineCount <= _limit)
        {
            _seen += lineCount;
            _entries.Add(block);
            Count += lineCount;
            return;
        }

        if (_seen + lineCount <= _offset)
        {
            _seen += lineCount;
            return;
        }

        var rest = block;
        while (true)
        {
            var newline = rest.Span.IndexOf('\n');
            if (Wants())
            {
                _entries.Add(newline < 0 ? rest : rest[..newline]);
                Count++;
            }

            if (newline < 0)
            {
                break;
            }

            rest = rest[(newline + 1)..];
        }
    }

    /// <summary>The entries joined by <c>\n</c>, in one exact-size copy: content mode can join megabytes of lines.</summary>
    public string Join()
    {
        var length = Math.Max(0, _entries.Count - 1);
        foreach (var entry in _entries)
        {
            length += entry.Length;
        }

        return string.Create(length, _entries, static (target, entries) =>
        {
            var at = 0;
            foreach (var entry in CollectionsMarshal.AsSpan(entries))
            {
                if (at > 0)
                {
                    target[at++] = '\n';
                }

                entry.Span.CopyTo(target[at..]);
                at += entry.Length;
            }
        });
    }
}
