using System.Text.RegularExpressions;

namespace Keel.Tools.Search;

/// <summary>
/// Runs Grep's regex over a whole decoded file and reports matching line numbers, mapping offsets
/// to lines only where matches are. Outside multiline mode a match may not span lines, as in grep.
/// </summary>
internal sealed class GrepMatcher
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(5);

    private readonly Regex _regex;
    private readonly bool _multiline;

    public GrepMatcher(Regex regex, bool multiline, LiteralPrefilter? prefilter)
    {
        _regex = regex;
        _multiline = multiline;
        Prefilter = prefilter;
    }

    public LiteralPrefilter? Prefilter { get; }

    public bool Multiline => _multiline;

    /// <summary>
    /// Counts matching lines straight from UTF-8 bytes when every match holds <paramref name="prefilter"/>'s literal and
    /// stays within a line: the vectorised literal search jumps between candidate lines, and only those lines are decoded
    /// for the regex (none at all when the pattern is the literal). Adds the matching lines' 0-based numbers to
    /// <paramref name="lines"/> and the byte offsets where they start to <paramref name="starts"/> when given.
    /// Allocates nothing else.
    /// </summary>
    public int CountLines(ReadOnlySpan<byte> bytes, LiteralPrefilter prefilter, bool firstOnly, List<int>? lines = null, List<int>? starts = null)
    {
        var count = 0;
        var position = 0;
        var cursor = 0;
        var cursorLine = 0;
        char[]? rented = null;
        try
        {
            while (position < bytes.Length)
            {
                var found = prefilter.IndexIn(bytes[position..]);
                if (found < 0)
                {
                    break;
                }

                var at = position + found;
                var newline = bytes[at..].IndexOf((byte)'\n');
                var lineEnd = newline < 0 ? bytes.Length : at + newline;

                // Counting a literal needs only where its line ends; the start is looked for when something uses it.
                var lineStart = prefilter.IsWholePattern && lines is null ? at : position + bytes[position..at].LastIndexOf((byte)'\n') + 1;
                if (prefilter.IsWholePattern || LineMatches(bytes[lineStart..lineEnd], ref rented))
                {
                    if (lines is not null)
                    {
                        cursorLine += bytes[cursor..lineStart].Count((byte)'\n');
                        cursor = lineStart;
                        lines.Add(cursorLine);
                        starts?.Add(lineStart);
                    }

                    count++;
                    if (firstOnly)
                    {
                        break;
                    }
                }

                position = lineEnd + 1;
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }

        return count;
    }

    private bool LineMatches(ReadOnlySpan<byte> line, ref char[]? rented)
    {
        var needed = System.Text.Encoding.UTF8.GetMaxCharCount(line.Length);
        if (rented is null || rented.Length < needed)
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }

            rented = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(needed, 1024));
        }

        var length = System.Text.Encoding.UTF8.GetChars(line, rented);
        return _regex.IsMatch(rented.AsSpan(0, length));
    }

    /// <summary>
    /// Counts matching lines; adds their 0-based numbers (ascending, distinct) to <paramref name="lines"/>
    /// when given, and outside multiline mode where they start to <paramref name="starts"/>. With
    /// <paramref name="firstOnly"/> stops at the first.
    /// </summary>
    public int FindLines(ReadOnlySpan<char> text, List<int>? lines, bool firstOnly, List<int>? starts = null)
    {
        var count = 0;
        var cursor = 0;
        var cursorLine = 0;
        var lastLine = -1;
        var position = 0;
        while (position <= text.Length)
        {
            var found = false;
            ValueMatch match = default;
            foreach (var m in _regex.EnumerateMatches(text, position))
            {
                match = m;
                found = true;
                break;
            }

            // Nothing starts after a final line break: that is not a line.
            if (!found || (match.Index == text.Length && text.Length > 0 && text[^1] == '\n'))
            {
                break;
            }

            var lineStart = text[..match.Index].LastIndexOf('\n') + 1;
            var newline = text[match.Index..].IndexOf('\n');
            var lineEnd = newline < 0 ? text.Length : match.Index + newline;
            cursorLine += text[cursor..lineStart].Count('\n');
            cursor = lineStart;
            var line = cursorLine;
            var matchEnd = match.Index + match.Length;

            if (_multiline)
            {
                var endLine = line + text[match.Index..Math.Max(match.Index, matchEnd - 1)].Count('\n');
                for (var l = Math.Max(line, lastLine + 1); l <= endLine; l++)
                {
                    lines?.Add(l);
                    count++;
                }

                lastLine = Math.Max(lastLine, endLine);
                position = match.Length == 0 ? matchEnd + 1 : matchEnd;
            }
            else
            {
                // A match crossing a line break does not count; the line may still match on its own.
                if (matchEnd <= lineEnd || _regex.IsMatch(text[lineStart..lineEnd]))
                {
                    lines?.Add(line);
                    starts?.Add(lineStart);
                    count++;
                }

                position = lineEnd + 1;
            }

            if (firstOnly && count > 0)
            {
                return count;
            }
        }

        return count;
    }
}
