using System.Globalization;
using System.Text;

namespace Keel.Terminal.Rendering.Text;

/// <summary>Terminal column widths: ANSI escapes count zero, East Asian wide characters and emoji two, combining marks zero.</summary>
public static class DisplayWidth
{
    public const int TabSize = 4;

    public static int Of(string text)
    {
        var width = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\e')
            {
                i = SkipEscape(text, i);
                continue;
            }

            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            width += OfRune(rune);
            i += used;
        }

        return width;
    }

    public static int OfRune(Rune rune)
    {
        var value = rune.Value;
        if (value < 0x20 || (value >= 0x7F && value < 0xA0))
        {
            return 0;
        }

        if (value < 0x300)
        {
            return 1;
        }

        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            || value is (>= 0x200B and <= 0x200F) or (>= 0xFE00 and <= 0xFE0F))
        {
            return 0;
        }

        return IsWide(value) ? 2 : 1;
    }

    /// <summary>Returns the index just past the escape sequence that starts at <paramref name="start"/>.</summary>
    public static int SkipEscape(string text, int start)
    {
        var i = start + 1;
        if (i >= text.Length)
        {
            return i;
        }

        if (text[i] == '[')
        {
            i++;
            while (i < text.Length && (text[i] < '@' || text[i] > '~'))
            {
                i++;
            }

            return Math.Min(i + 1, text.Length);
        }

        if (text[i] == ']')
        {
            // OSC runs to BEL or ST.
            while (i < text.Length && text[i] != '\a' && !(text[i] == '\e' && i + 1 < text.Length && text[i + 1] == '\\'))
            {
                i++;
            }

            return Math.Min(i + (i < text.Length && text[i] == '\e' ? 2 : 1), text.Length);
        }

        return i + 1;
    }

    /// <summary>Removes escape sequences and control characters (other than tab and newline) from untrusted text such as tool output.</summary>
    public static string Sanitize(string text)
    {
        var needs = false;
        foreach (var c in text)
        {
            if (c < ' ' && c is not '\t' and not '\n' || c == '\x7f')
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\e')
            {
                i = SkipEscape(text, i);
                continue;
            }

            if (c >= ' ' && c != '\x7f' || c is '\t' or '\n')
            {
                builder.Append(c);
            }

            i++;
        }

        return builder.ToString();
    }

    /// <summary>Replaces tabs with spaces up to the next tab stop, counting columns the way a terminal does.</summary>
    public static string ExpandTabs(string text)
    {
        if (!text.Contains('\t', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        var column = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\e')
            {
                var end = SkipEscape(text, i);
                builder.Append(text, i, end - i);
                i = end;
                continue;
            }

            if (text[i] == '\t')
            {
                var spaces = TabSize - (column % TabSize);
                builder.Append(' ', spaces);
                column += spaces;
                i++;
                continue;
            }

            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            builder.Append(text, i, used);
            column += OfRune(rune);
            i += used;
        }

        return builder.ToString();
    }

    /// <summary>Removes every escape sequence, for tests and width-neutral comparisons.</summary>
    public static string StripAnsi(string text)
    {
        if (!text.Contains('\e', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\e')
            {
                i = SkipEscape(text, i);
                continue;
            }

            builder.Append(text[i]);
            i++;
        }

        return builder.ToString();
    }

    private static bool IsWide(int value) => value switch
    {
        >= 0x1100 and <= 0x115F => true,
        >= 0x231A and <= 0x231B => true,
        >= 0x2329 and <= 0x232A => true,
        >= 0x23E9 and <= 0x23EC => true,
        >= 0x25FD and <= 0x25FE => true,
        >= 0x2614 and <= 0x2615 => true,
        >= 0x2648 and <= 0x2653 => true,
        >= 0x26AA and <= 0x26AB => true,
        >= 0x26BD and <= 0x26BE => true,
        >= 0x2705 and <= 0x2705 => true,
        >= 0x270A and <= 0x270B => true,
        >= 0x274C and <= 0x274C => true,
        >= 0x2753 and <= 0x2755 => true,
        >= 0x2795 and <= 0x2797 => true,
        >= 0x2B1B and <= 0x2B1C => true,
        >= 0x2E80 and <= 0x303E => true,
        >= 0x3041 and <= 0x33FF => true,
        >= 0x3400 and <= 0x4DBF => true,
        >= 0x4E00 and <= 0x9FFF => true,
        >= 0xA000 and <= 0xA4CF => true,
        >= 0xA960 and <= 0xA97F => true,
        >= 0xAC00 and <= 0xD7A3 => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0xFE10 and <= 0xFE19 => true,
        >= 0xFE30 and <= 0xFE6F => true,
        >= 0xFF00 and <= 0xFF60 => true,
        >= 0xFFE0 and <= 0xFFE6 => true,
        >= 0x1F300 and <= 0x1F64F => true,
        >= 0x1F680 and <= 0x1F6FF => true,
        >= 0x1F900 and <= 0x1F9FF => true,
        >= 0x1FA70 and <= 0x1FAFF => true,
        >= 0x20000 and <= 0x3FFFD => true,
        _ => false,
    };
}
