using System.Runtime.InteropServices;
using System.Text;

namespace Keel.Tools.Search;

/// <summary>
/// Content mode's lines for one file: each match with its context, grep style (<c>path:12:line</c>, context lines with
/// <c>-</c>, <c>--</c> between groups that do not touch). Works on the file's text in place, as UTF-16 or straight from its
/// UTF-8 bytes: only printed lines are copied (and decoded).
/// </summary>
internal sealed record GrepContentFormat(int Before, int After, bool Numbers)
{
    public const int MaxLineChars = 500;

    /// <summary>Whether groups are separated by <c>--</c> (only with context); the caller puts one between files.</summary>
    public bool Separates => Before > 0 || After > 0;

    /// <summary>
    /// Appends the file's output lines, joined by <c>\n</c>, to <paramref name="builder"/>: at most <paramref name="maxLines"/>.
    /// <paramref name="text"/> is the file as chars or as UTF-8 bytes. <paramref name="matched"/> holds the matching
    /// lines' 0-based numbers, ascending; <paramref name="starts"/>, when it has an entry for each, where those lines
    /// start in <paramref name="text"/> (so the text between matches is not walked line by line). Returns how many lines
    /// it wrote.
    /// </summary>
    public int Format<T>(ReadOnlySpan<T> text, List<int> matched, List<int>? starts, ReadOnlySpan<char> display, StringBuilder builder, int maxLines)
        where T : unmanaged, IEquatable<T>
    {
        var newlineChar = Unit<T>('\n');
        var known = starts is not null && starts.Count == matched.Count;

        // A final line break does not start another line. Only context after a match can run past the last line.
        var lineCount = After == 0 ? int.MaxValue : text.Count(newlineChar) + (text.IsEmpty || text[^1].Equals(newlineChar) ? 0 : 1);
        var written = 0;
        var cursorLine = 0;
        var cursorStart = 0;
        var next = 0;
        var lastPrinted = -1;
        while (next < matched.Count && written < maxLines)
        {
            // One group: the match's context, extended while following matches overlap it.
            var from = Math.Max(0, matched[next] - Before);
            var to = Math.Min(lineCount - 1, matched[next] + After);
            var end = next + 1;
            while (end < matched.Count && matched[end] - Before <= to + 1)
            {
                to = Math.Min(lineCount - 1, matched[end] + After);
                end++;
            }

            from = Math.Max(from, lastPrinted + 1);
            if (Separates && lastPrinted >= 0 && from > lastPrinted + 1)
            {
                Line(builder, ref written, "--");
            }

            var m = next;
            for (var line = from; line <= to && written < maxLines; line++)
            {
                var isMatch = m < end && matched[m] == line;
                if (isMatch && known)
                {
                    cursorStart = starts![m];
                    cursorLine = line;
                }

                if (isMatch)
                {
                    m++;
                }

                // Walk forward to the line: groups come in order, so the text is scanned once.
                while (cursorLine < line)
                {
                    cursorStart += text[cursorStart..].IndexOf(newlineChar) + 1;
                    cursorLine++;
                }

                var rest = text[cursorStart..];
                var newline = rest.IndexOf(newlineChar);
                var body = newline < 0 ? rest : rest[..newline];
                if (!body.IsEmpty && body[^1].Equals(Unit<T>('\r')))
                {
                    body = body[..^1];
                }

                if (written > 0)
                {
                    builder.Append('\n');
                }

                var separator = isMatch ? ':' : '-';
                builder.Append(display).Append(separator);
                if (Numbers)
                {
                    builder.Append(line + 1).Append(separator);
                }

                if (typeof(T) == typeof(char))
                {
                    AppendBody(builder, MemoryMarshal.Cast<T, char>(body));
                }
                else
                {
                    AppendUtf8Body(builder, MemoryMarshal.Cast<T, byte>(body));
                }

                written++;
            }

            lastPrinted = to;
            next = end;
        }

        return written;
    }

    private static T Unit<T>(char ascii)
        where T : unmanaged => typeof(T) == typeof(char) ? (T)(object)ascii : (T)(object)(byte)ascii;

    private static void AppendBody(StringBuilder builder, ReadOnlySpan<char> body)
    {
        if (body.Length > MaxLineChars)
        {
            // Half a surrogate pair would show as a replacement character.
            var cut = char.IsHighSurrogate(body[MaxLineChars - 1]) ? MaxLineChars - 1 : MaxLineChars;
            builder.Append(body[..cut]).Append(" … [line truncated]");
        }
        else
        {
            builder.Append(body);
        }
    }

    private static void AppendUtf8Body(StringBuilder builder, ReadOnlySpan<byte> body)
    {
        // A char takes at most 3 bytes (4 for a surrogate pair, two chars), so when a line has more than MaxLineBytes
        // bytes its first MaxLineBytes decode to more than MaxLineChars chars: only that head is decoded, then cut.
        const int MaxLineBytes = MaxLineChars * 4;
        Span<char> chars = stackalloc char[MaxLineBytes];
        var length = Encoding.UTF8.GetChars(body.Length > MaxLineBytes ? body[..MaxLineBytes] : body, chars);
        AppendBody(builder, chars[..length]);
    }

    private static void Line(StringBuilder builder, ref int written, string text)
    {
        if (written > 0)
        {
            builder.Append('\n');
        }

        builder.Append(text);
        written++;
    }
}
