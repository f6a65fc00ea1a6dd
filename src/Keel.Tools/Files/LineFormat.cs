using System.Text;

namespace Keel.Tools.Files;

/// <summary><c>cat -n</c> style numbering shared by Read and Edit's snippets.</summary>
internal static class LineFormat
{
    public const int MaxLineChars = 2000;

    public static void AppendNumbered(StringBuilder builder, int lineNumber, ReadOnlySpan<char> line)
    {
        builder.Append(lineNumber.ToString().PadLeft(6)).Append('\t');
        if (line.Length > MaxLineChars)
        {
            builder.Append(line[..MaxLineChars]).Append("… [line truncated: ").Append(line.Length).Append(" chars]");
        }
        else
        {
            builder.Append(line);
        }

        builder.Append('\n');
    }

    /// <summary>Splits on <c>\n</c>, dropping a trailing <c>\r</c>; a final newline does not start a new line.</summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var lineEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
            lines.Add(text[start..lineEnd]);
            start = end + 1;
        }

        return lines;
    }
}
