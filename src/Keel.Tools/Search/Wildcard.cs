namespace Keel.Tools.Search;

/// <summary>Matches one path segment against a glob segment: <c>*</c>, <c>?</c>, <c>[...]</c> classes and <c>\</c> escapes.</summary>
internal static class Wildcard
{
    public static bool HasMeta(ReadOnlySpan<char> pattern) => pattern.IndexOfAny("*?[\\") >= 0;

    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, starP = -1, starT = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    starP = ++p;
                    starT = t;
                    continue;
                }

                var step = MatchOne(pattern, p, text[t]);
                if (step > 0)
                {
                    p += step;
                    t++;
                    continue;
                }
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = ++starT;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Pattern chars consumed when the token at <paramref name="p"/> matches <paramref name="ch"/>, else 0.</summary>
    private static int MatchOne(ReadOnlySpan<char> pattern, int p, char ch)
    {
        var c = pattern[p];
        if (c == '?')
        {
            return 1;
        }

        if (c == '\\' && p + 1 < pattern.Length)
        {
            return pattern[p + 1] == ch ? 2 : 0;
        }

        if (c == '[')
        {
            var end = ClassEnd(pattern, p);
            if (end > 0)
            {
                return InClass(pattern[(p + 1)..end], ch) ? end - p + 1 : 0;
            }
        }

        return c == ch ? 1 : 0;
    }

    /// <summary>Index of the <c>]</c> closing the class at <paramref name="open"/>, or -1 when it is a literal <c>[</c>.</summary>
    private static int ClassEnd(ReadOnlySpan<char> pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool InClass(ReadOnlySpan<char> body, char ch)
    {
        var negate = body.Length > 0 && body[0] is '!' or '^';
        var i = negate ? 1 : 0;
        var found = false;
        var first = true;
        while (i < body.Length)
        {
            var low = body[i];
            if (low == '\\' && i + 1 < body.Length)
            {
                low = body[++i];
            }
            else if (low == ']' && !first)
            {
                break;
            }

            first = false;
            i++;
            var high = low;
            if (i + 1 < body.Length && body[i] == '-')
            {
                high = body[i + 1];
                if (high == '\\' && i + 2 < body.Length)
                {
                    high = body[i + 2];
                    i++;
                }

                i += 2;
            }

            if (ch >= low && ch <= high)
            {
                found = true;
            }
        }

        return found != negate;
    }
}
