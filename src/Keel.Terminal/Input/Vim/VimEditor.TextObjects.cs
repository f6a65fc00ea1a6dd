namespace Keel.Terminal.Input.Vim;

public sealed partial class VimEditor
{
    /// <summary>The range [start, end) of text object <paramref name="kind"/> around the cursor (i… when not <paramref name="around"/>), or null.</summary>
    private (int Start, int End)? TextObject(bool around, char kind, int count) => kind switch
    {
        'w' or 'W' => WordObject(around, kind == 'W', count),
        '"' or '\'' or '`' => QuoteObject(around, kind),
        '(' or ')' or 'b' => BracketObject(around, '(', ')', count),
        '[' or ']' => BracketObject(around, '[', ']', count),
        '{' or '}' or 'B' => BracketObject(around, '{', '}', count),
        '<' or '>' => BracketObject(around, '<', '>', count),
        _ => null,
    };

    private (int, int)? WordObject(bool around, bool big, int count)
    {
        if (Text.Length == 0)
        {
            return null;
        }

        // A line break is its own class here: a word object never runs onto the next line.
        int Cls(char c) => c == '\n' ? -1 : VimText.Class(c, big);
        var p = Math.Min(Cursor, Text.Length - 1);
        var cls = Cls(Text[p]);
        var start = p;
        var end = p + 1;
        while (start > 0 && Cls(Text[start - 1]) == cls)
        {
            start--;
        }

        while (end < Text.Length && Cls(Text[end]) == cls)
        {
            end++;
        }

        void Run()
        {
            if (end < Text.Length && Text[end] != '\n')
            {
                var next = Cls(Text[end]);
                while (end < Text.Length && Cls(Text[end]) == next)
                {
                    end++;
                }
            }
        }

        if (!around)
        {
            // Counted inner objects count white space between words as words too.
            for (var n = 1; n < count; n++)
            {
                Run();
            }

            return (start, end);
        }

        if (cls == 0)
        {
            // On blanks: the blanks and the word after them.
            Run();
            for (var n = 1; n < count; n++)
            {
                Run();
                Run();
            }

            return (start, end);
        }

        var trailing = false;
        for (var n = 0; n < count; n++)
        {
            if (n > 0)
            {
                Run();
            }

            trailing = end < Text.Length && VimText.IsBlank(Text[end]);
            while (end < Text.Length && VimText.IsBlank(Text[end]))
            {
                end++;
            }
        }

        if (!trailing)
        {
            while (start > 0 && VimText.IsBlank(Text[start - 1]))
            {
                start--;
            }
        }

        return (start, end);
    }

    /// <summary>Quotes pair up from the start of the line; the cursor may be inside a pair, on one of its quotes, or before it.</summary>
    private (int, int)? QuoteObject(bool around, char quote)
    {
        var lineStart = VimText.LineStart(Text, Cursor);
        var lineEnd = VimText.LineEnd(Text, Cursor);
        var quotes = new List<int>();
        for (var i = lineStart; i < lineEnd; i++)
        {
            if (Text[i] == quote && (i == lineStart || Text[i - 1] != '\\'))
            {
                quotes.Add(i);
            }
        }

        (int Open, int Close)? pair = null;
        var at = quotes.IndexOf(Cursor);
        if (at >= 0)
        {
            pair = at % 2 == 0 ? (at + 1 < quotes.Count ? (quotes[at], quotes[at + 1]) : null) : (quotes[at - 1], quotes[at]);
        }
        else
        {
            for (var k = 0; k + 1 < quotes.Count && pair is null; k += 2)
            {
                if (quotes[k + 1] > Cursor)
                {
                    pair = (quotes[k], quotes[k + 1]);
                }
            }
        }

        if (pair is not { } found)
        {
            return null;
        }

        if (!around)
        {
            return (found.Open + 1, found.Close);
        }

        var start = found.Open;
        var end = found.Close + 1;
        if (end < lineEnd && VimText.IsBlank(Text[end]))
        {
            while (end < lineEnd && VimText.IsBlank(Text[end]))
            {
                end++;
            }
        }
        else
        {
            while (start > lineStart && VimText.IsBlank(Text[start - 1]))
            {
                start--;
            }
        }

        return (start, end);
    }

    /// <summary>The <paramref name="count"/>-th enclosing pair of brackets (nesting respected, across lines).</summary>
    private (int, int)? BracketObject(bool around, char open, char close, int count)
    {
        if (Text.Length == 0)
        {
            return null;
        }

        var p = Math.Min(Cursor, Text.Length - 1);
        var o = -1;
        var c = -1;
        for (var n = 0; n < count; n++)
        {
            o = -1;
            if (n == 0 && Text[p] == open)
            {
                o = p;
            }
            else
            {
                var depth = 0;
                for (var i = p - 1; i >= 0; i--)
                {
                    if (Text[i] == close)
                    {
                        depth++;
                    }
                    else if (Text[i] == open)
                    {
                        if (depth == 0)
                        {
                            o = i;
                            break;
                        }

                        depth--;
                    }
                }
            }

            if (o < 0)
            {
                return null;
            }

            c = MatchingClose(o, open, close);
            if (c < 0)
            {
                return null;
            }

            p = o;
        }

        return around ? (o, c + 1) : (o + 1, c);
    }

    private int MatchingClose(int openAt, char open, char close)
    {
        var depth = 0;
        for (var i = openAt + 1; i < Text.Length; i++)
        {
            if (Text[i] == open)
            {
                depth++;
            }
            else if (Text[i] == close)
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
        }

        return -1;
    }
}
