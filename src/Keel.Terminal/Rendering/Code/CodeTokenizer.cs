namespace Keel.Terminal.Rendering.Code;

/// <summary>A small single-pass tokenizer: enough to colour keywords, strings, comments and numbers, not a parser.</summary>
internal static class CodeTokenizer
{
    public static List<(int Start, int End, TokenKind Kind)> Tokenize(string code, LanguageSpec spec)
    {
        var tokens = new List<(int, int, TokenKind)>();
        var i = 0;
        while (i < code.Length)
        {
            var c = code[i];
            if (spec.BlockComment is { } block && At(code, i, block.Open))
            {
                var close = code.IndexOf(block.Close, i + block.Open.Length, StringComparison.Ordinal);
                var end = close < 0 ? code.Length : close + block.Close.Length;
                tokens.Add((i, end, TokenKind.Comment));
                i = end;
                continue;
            }

            if (IsLineComment(code, i, spec))
            {
                var end = LineEnd(code, i);
                tokens.Add((i, end, TokenKind.Comment));
                i = end;
                continue;
            }

            if (spec.Quotes.Contains(c, StringComparison.Ordinal))
            {
                var end = StringEnd(code, i, spec);
                if (end > i)
                {
                    var kind = spec.JsonKeys && NextNonSpace(code, end) == ':' ? TokenKind.Key : TokenKind.String;
                    tokens.Add((i, end, kind));
                    i = end;
                    continue;
                }
            }

            if (char.IsAsciiDigit(c) && (i == 0 || !IsWordChar(code[i - 1])))
            {
                var end = i + 1;
                while (end < code.Length && (char.IsAsciiLetterOrDigit(code[end]) || code[end] is '_' or '.') && !(code[end] == '.' && end + 1 < code.Length && !char.IsAsciiDigit(code[end + 1])))
                {
                    end++;
                }

                tokens.Add((i, end, TokenKind.Number));
                i = end;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var end = i + 1;
                while (end < code.Length && IsWordChar(code[end]))
                {
                    end++;
                }

                var preceded = i > 0 && code[i - 1] is '$' or '-';
                if (!preceded && spec.Keywords.Contains(code[i..end]))
                {
                    tokens.Add((i, end, TokenKind.Keyword));
                }

                i = end;
                continue;
            }

            i++;
        }

        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool At(string code, int i, string token) =>
        string.CompareOrdinal(code, i, token, 0, token.Length) == 0;

    private static int LineEnd(string code, int i)
    {
        var end = code.IndexOf('\n', i);
        return end < 0 ? code.Length : end;
    }

    private static char NextNonSpace(string code, int i)
    {
        while (i < code.Length && code[i] is ' ' or '\t')
        {
            i++;
        }

        return i < code.Length ? code[i] : '\0';
    }

    private static bool IsLineComment(string code, int i, LanguageSpec spec)
    {
        foreach (var marker in spec.LineComments)
        {
            if (At(code, i, marker))
            {
                // In shell, '#' starts a comment only at a word start ("$#" and "a#b" are not comments).
                return !spec.HashCommentNeedsSpace || i == 0 || char.IsWhiteSpace(code[i - 1]);
            }
        }

        return false;
    }

    /// <summary>The index after the closing quote, or <paramref name="start"/> when this quote starts no string.</summary>
    private static int StringEnd(string code, int start, LanguageSpec spec)
    {
        var quote = code[start];
        if (spec.TripleQuotes && At(code, start, new string(quote, 3)))
        {
            var close = code.IndexOf(new string(quote, 3), start + 3, StringComparison.Ordinal);
            return close < 0 ? code.Length : close + 3;
        }

        if (spec.CharLiteralsOnly && quote == '\'')
        {
            // Rust lifetimes ('a) look like char literals; only 'x' and '\n' forms count.
            var close = start + (start + 1 < code.Length && code[start + 1] == '\\' ? 3 : 2);
            return close < code.Length && code[close] == '\'' ? close + 1 : start;
        }

        var multiLine = quote == '`';
        var i = start + 1;
        while (i < code.Length)
        {
            var c = code[i];
            if (c == '\\' && quote != '`')
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                return i + 1;
            }

            if (c == '\n' && !multiLine)
            {
                return i;
            }

            i++;
        }

        return code.Length;
    }
}
