using System.Text;

namespace Keel.Tools.Search;

/// <summary>
/// Content mode's lines for one file: each match with its context, grep style (<c>path:12:line</c>, context lines with
/// <c>-</c>, <c>--</c> between groups that do not touch). Works on the decoded text in place: only printed lines are copied.
/// </summary>
internal sealed record GrepContentFormat(int Before, int After, bool Numbers)
{
    public const int MaxLineChars = 500;

    /// <summary>Whether groups are separated by <c>--</c> (only with context); the caller puts one between files.</summary>
    public bool Separates => Before > 0 || After > 0;

    /// <summary>
    /// Appends the file's output lines, joined by <c>\n</c>, to <paramref name="builder"/>: at most <paramref name="maxLines"/>.
    /// <paramref name="matched"/> holds the matching lines' 0-based numbers, ascending. Returns how many lines it wrote.
    /// </summary>
    public int Format(ReadOnlySpan<char> text, List<int> matched, string display, StringBuilder builder, int maxLines)
    {
        // A final line break does not start another line. Only context after a match can run past the last line.
        var lineCount = After == 0 ? int.MaxValue : text.Count('\n') + (text.IsEmpty || text[^1] == '\n' ? 0 : 1);
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
                if (isMatch)
                {
                    m++;
                }

                // Walk forward to the line: groups come in order, so the text is scanned once.
                while (cursorLine < line)
                {
                    cursorStart += text[cursorStart..].IndexOf('\n') + 1;
                    cursorLine++;
                }

                var rest = text[cursorStart..];
                var newline = rest.IndexOf('\n');
                var body = newline < 0 ? rest : rest[..newline];
                if (!body.IsEmpty && body[^1] == '\r')
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

                if (body.Length > MaxLineChars)
                {
                    builder.Append(body[..MaxLineChars]).Append(" … [line truncated]");
                }
                else
                {
                    builder.Append(body);
                }

                written++;
            }

            lastPrinted = to;
            next = end;
        }

        return written;
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
