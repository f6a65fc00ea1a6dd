namespace Keel.Terminal.Input.Vim;

/// <summary>Line and word arithmetic over the input text ('\n' separates lines).</summary>
internal static class VimText
{
    public static int LineStart(string text, int position)
    {
        var i = Math.Clamp(position, 0, text.Length);
        while (i > 0 && text[i - 1] != '\n')
        {
            i--;
        }

        return i;
    }

    /// <summary>The index of the line's '\n', or the text's length on the last line.</summary>
    public static int LineEnd(string text, int position)
    {
        var i = Math.Clamp(position, 0, text.Length);
        while (i < text.Length && text[i] != '\n')
        {
            i++;
        }

        return i;
    }

    public static int LineIndex(string text, int position)
    {
        var line = 0;
        for (var i = 0; i < Math.Min(position, text.Length); i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    public static int LineCount(string text) => LineIndex(text, text.Length) + 1;

    /// <summary>The start of line <paramref name="line"/> (0-based, clamped to the last line).</summary>
    public static int StartOfLine(string text, int line)
    {
        var position = 0;
        for (var n = 0; n < line; n++)
        {
            var end = LineEnd(text, position);
            if (end >= text.Length)
            {
                break;
            }

            position = end + 1;
        }

        return position;
    }

    public static int FirstNonBlank(string text, int position)
    {
        var i = LineStart(text, position);
        var end = LineEnd(text, position);
        while (i < end && IsBlank(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Where the cursor may rest in normal mode: on a character, never on the '\n' or past the end (unless the line is empty).</summary>
    public static int ClampNormal(string text, int position)
    {
        var p = Math.Clamp(position, 0, text.Length);
        var start = LineStart(text, p);
        var end = LineEnd(text, p);
        return end > start && p >= end ? end - 1 : p;
    }

    public static bool IsBlank(char c) => c is ' ' or '\t';

    /// <summary>0 for white space (and '\n'), 1 for keyword characters, 2 for other punctuation; big words have only two classes.</summary>
    public static int Class(char c, bool big) =>
        char.IsWhiteSpace(c) ? 0 : big || char.IsLetterOrDigit(c) || c == '_' ? 1 : 2;

    public static int NextWordStart(string text, int position, bool big)
    {
        var i = position;
        if (i >= text.Length)
        {
            return text.Length;
        }

        var cls = Class(text[i], big);
        if (cls != 0)
        {
            while (i < text.Length && Class(text[i], big) == cls)
            {
                i++;
            }
        }

        while (i < text.Length && Class(text[i], big) == 0)
        {
            i++;
        }

        return i;
    }

    public static int WordEnd(string text, int position, bool big)
    {
        var i = position + 1;
        while (i < text.Length && Class(text[i], big) == 0)
        {
            i++;
        }

        if (i >= text.Length)
        {
            return Math.Max(0, text.Length - 1);
        }

        var cls = Class(text[i], big);
        while (i + 1 < text.Length && Class(text[i + 1], big) == cls)
        {
            i++;
        }

        return i;
    }

    public static int PreviousWordStart(string text, int position, bool big)
    {
        var i = Math.Min(position, text.Length) - 1;
        while (i > 0 && Class(text[i], big) == 0)
        {
            i--;
        }

        if (i <= 0)
        {
            return 0;
        }

        var cls = Class(text[i], big);
        while (i > 0 && Class(text[i - 1], big) == cls)
        {
            i--;
        }

        return i;
    }
}
