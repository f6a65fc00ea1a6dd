using System.Text;

namespace Keel.Terminal.Screen;

/// <summary>Visible width of terminal text (ANSI escapes take no columns) and truncation to a width.</summary>
public static class DisplayText
{
    public static int Width(string text)
    {
        var width = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\e')
            {
                i = SkipEscape(text, i);
                continue;
            }

            if (!char.IsLowSurrogate(text[i]))
            {
                width += CharWidth(text, i);
            }
        }

        return width;
    }

    /// <summary>Cuts <paramref name="text"/> so it fits in <paramref name="width"/> columns, keeping escapes (and resetting style when cut).</summary>
    public static string Truncate(string text, int width)
    {
        if (Width(text) <= width)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\e')
            {
                var end = SkipEscape(text, i);
                result.Append(text, i, end - i + 1);
                i = end;
                continue;
            }

            var w = char.IsLowSurrogate(text[i]) ? 0 : CharWidth(text, i);
            if (used + w > width)
            {
                break;
            }

            used += w;
            result.Append(text[i]);
        }

        return result.Append("\e[0m").ToString();
    }

    /// <summary>Splits on newlines and hard-wraps each piece at <paramref name="width"/> columns (plain text only).</summary>
    public static IEnumerable<string> Wrap(string text, int width)
    {
        width = Math.Max(1, width);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                yield return string.Empty;
                continue;
            }

            var start = 0;
            var used = 0;
            for (var i = 0; i < line.Length; i++)
            {
                var w = char.IsLowSurrogate(line[i]) ? 0 : CharWidth(line, i);
                if (used + w > width)
                {
                    yield return line[start..i];
                    start = i;
                    used = 0;
                }

                used += w;
            }

            yield return line[start..];
        }
    }

    private static int SkipEscape(string text, int i)
    {
        if (i + 1 >= text.Length)
        {
            return i;
        }

        if (text[i + 1] == '[')
        {
            var j = i + 2;
            while (j < text.Length && text[j] is < '@' or > '~')
            {
                j++;
            }

            return Math.Min(j, text.Length - 1);
        }

        if (text[i + 1] == ']')
        {
            // OSC (hyperlinks): ends at BEL or ST.
            var j = i + 2;
            while (j < text.Length && text[j] != '\a' && !(text[j] == '\\' && text[j - 1] == '\e'))
            {
                j++;
            }

            return Math.Min(j, text.Length - 1);
        }

        return i + 1;
    }

    private static int CharWidth(string text, int i)
    {
        var c = text[i];
        if (c < ' ')
        {
            return 0;
        }

        var code = char.IsHighSurrogate(c) && i + 1 < text.Length ? char.ConvertToUtf32(c, text[i + 1]) : c;

        // East Asian wide ranges and emoji take two columns; close enough for layout.
        return code is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1FAFF or >= 0x20000 and <= 0x3FFFD
            ? 2
            : 1;
    }
}
