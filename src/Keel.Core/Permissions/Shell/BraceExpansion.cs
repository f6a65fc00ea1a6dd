namespace Keel.Core.Permissions.Shell;

/// <summary>Bash brace expansion (<c>{a,b}</c>, <c>{1..3}</c>, <c>{a..e..2}</c>) over a value whose unquoted braces are sentinels.</summary>
internal static class BraceExpansion
{
    public const int MaxWords = 4096;

    public static List<string> Expand(string text, out bool tooLarge)
    {
        var results = new List<string>();
        var work = new Stack<string>();
        work.Push(text);
        tooLarge = false;
        while (work.Count > 0)
        {
            var item = work.Pop();
            var parts = ExpandOnce(item);
            if (parts is null)
            {
                results.Add(WordBuilder.Restore(item));
                if (results.Count > MaxWords)
                {
                    tooLarge = true;
                    return results;
                }

                continue;
            }

            if (parts.Count + work.Count > MaxWords)
            {
                tooLarge = true;
                return results;
            }

            // Push in reverse so results keep bash's left-to-right order.
            for (var i = parts.Count - 1; i >= 0; i--)
            {
                work.Push(parts[i]);
            }
        }

        return results;
    }

    /// <summary>Expands the first expandable brace pair, or returns null when none is left.</summary>
    private static List<string>? ExpandOnce(string text)
    {
        for (var open = text.IndexOf(WordBuilder.OpenBrace); open >= 0; open = text.IndexOf(WordBuilder.OpenBrace, open + 1))
        {
            var depth = 0;
            var close = -1;
            var commas = new List<int>();
            for (var i = open + 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c == WordBuilder.OpenBrace)
                {
                    depth++;
                }
                else if (c == WordBuilder.CloseBrace)
                {
                    if (depth == 0)
                    {
                        close = i;
                        break;
                    }

                    depth--;
                }
                else if (c == WordBuilder.Comma && depth == 0)
                {
                    commas.Add(i);
                }
            }

            if (close < 0)
            {
                return null;
            }

            var prefix = text[..open];
            var suffix = text[(close + 1)..];
            if (commas.Count > 0)
            {
                var parts = new List<string>(commas.Count + 1);
                var from = open + 1;
                foreach (var comma in commas)
                {
                    parts.Add(prefix + text[from..comma] + suffix);
                    from = comma + 1;
                }

                parts.Add(prefix + text[from..close] + suffix);
                return parts;
            }

            var sequence = Sequence(WordBuilder.Restore(text[(open + 1)..close]));
            if (sequence is not null)
            {
                return sequence.ConvertAll(item => prefix + item + suffix);
            }
        }

        return null;
    }

    private static List<string>? Sequence(string body)
    {
        var pieces = body.Split("..");
        if (pieces.Length is < 2 or > 3)
        {
            return null;
        }

        var step = 1L;
        if (pieces.Length == 3 && (!long.TryParse(pieces[2], out step) || step == 0))
        {
            return null;
        }

        step = Math.Abs(step);
        if (long.TryParse(pieces[0], out var from) && long.TryParse(pieces[1], out var to))
        {
            return Range(from, to, step, n => n.ToString());
        }

        if (pieces[0].Length == 1 && pieces[1].Length == 1 && char.IsAsciiLetter(pieces[0][0]) && char.IsAsciiLetter(pieces[1][0]))
        {
            return Range(pieces[0][0], pieces[1][0], step, n => ((char)n).ToString());
        }

        return null;
    }

    private static List<string> Range(long from, long to, long step, Func<long, string> format)
    {
        var list = new List<string>();
        var direction = to >= from ? 1 : -1;
        for (var n = from; direction > 0 ? n <= to : n >= to; n += direction * step)
        {
            list.Add(format(n));
            if (list.Count > MaxWords)
            {
                break;
            }
        }

        return list;
    }
}
