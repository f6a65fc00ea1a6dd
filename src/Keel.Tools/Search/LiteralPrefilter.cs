using System.Text;

namespace Keel.Tools.Search;

/// <summary>
/// A literal every match must contain, searched in the raw bytes so files without it are skipped
/// before any decoding or regex work.
/// </summary>
internal sealed class LiteralPrefilter
{
    private const string RegexMeta = ".^$*+?()[]{}|\\";
    private static readonly System.Buffers.SearchValues<char> RegexMetaChars = System.Buffers.SearchValues.Create(RegexMeta);
    // Letters from common to rare in source text, for picking the byte to scan for.
    private const string LetterFrequency = "etaoinsrlcdhumpfgbywvkxjqz";
    private readonly byte[] _literal;
    private readonly bool _ignoreCase;
    private readonly int _anchor;
    private readonly byte _anchorLower;
    private readonly byte _anchorUpper;

    private LiteralPrefilter(byte[] literal, bool ignoreCase, bool isWholePattern, bool lineLocal)
    {
        _literal = literal;
        _ignoreCase = ignoreCase;
        _anchor = ignoreCase ? RarestByte(literal) : 0;
        _anchorLower = (byte)char.ToLowerInvariant((char)literal[_anchor]);
        _anchorUpper = (byte)char.ToUpperInvariant((char)literal[_anchor]);
        IsWholePattern = isWholePattern;
        IsLineLocal = lineLocal;
    }

    /// <summary>The pattern is nothing but this literal (ASCII when case is ignored): a line containing it matches, no regex needed.</summary>
    public bool IsWholePattern { get; }

    /// <summary>
    /// Whether a line matches can be decided from that line alone (no lookaround, no <c>\A \z \Z \G</c>), so only lines
    /// holding the literal need the regex.
    /// </summary>
    public bool IsLineLocal { get; }

    /// <summary>A prefilter for a literal every match of the pattern contains, or null when none is safe to use.</summary>
    public static LiteralPrefilter? TryCreate(string pattern, bool ignoreCase)
    {
        var literal = RequiredLiteral(pattern, ignoreCase);
        if (literal is null)
        {
            return null;
        }

        var whole = pattern.AsSpan().IndexOfAny(RegexMetaChars) < 0 && !pattern.Contains('#', StringComparison.Ordinal) && literal == pattern;
        return new LiteralPrefilter(Encoding.UTF8.GetBytes(literal), ignoreCase, whole, IsLineLocalPattern(pattern) && !literal.Contains('\n', StringComparison.Ordinal));
    }

    public bool MayMatch(ReadOnlySpan<byte> text) => IndexIn(text) >= 0;

    /// <summary>Where the literal first occurs in <paramref name="text"/> (ASCII case ignored when asked), or -1.</summary>
    public int IndexIn(ReadOnlySpan<byte> text)
    {
        if (!_ignoreCase)
        {
            return text.IndexOf(_literal);
        }

        // Scan for the literal's rarest byte (both cases), then compare the whole literal around it.
        var last = text.Length - _literal.Length;
        var position = _anchor;
        while (position <= last + _anchor)
        {
            var window = text[position..(last + _anchor + 1)];
            var found = _anchorLower == _anchorUpper ? window.IndexOf(_anchorLower) : window.IndexOfAny(_anchorLower, _anchorUpper);
            if (found < 0)
            {
                return -1;
            }

            var start = position + found - _anchor;
            if (Ascii.EqualsIgnoreCase(text.Slice(start, _literal.Length), _literal))
            {
                return start;
            }

            position += found + 1;
        }

        return -1;
    }

    /// <summary>The index of the byte of <paramref name="literal"/> least likely in text: punctuation and digits before letters, rare letters before common ones.</summary>
    private static int RarestByte(byte[] literal)
    {
        var best = 0;
        var bestRank = -1;
        for (var i = 0; i < literal.Length; i++)
        {
            var b = literal[i];
            var letter = LetterFrequency.IndexOf((char)(b | 0x20), StringComparison.Ordinal);
            var rank = b is (byte)' ' or (byte)'\t' ? 0
                : b >= 0x80 ? 40
                : char.IsAsciiLetter((char)b) ? 1 + letter
                : 30;
            if (rank > bestRank)
            {
                best = i;
                bestRank = rank;
            }
        }

        return best;
    }

    private static bool IsLineLocalPattern(string pattern) =>
        !pattern.Contains("(?<", StringComparison.Ordinal) && !pattern.Contains("(?=", StringComparison.Ordinal) &&
        !pattern.Contains("(?!", StringComparison.Ordinal) && !pattern.Contains("\\A", StringComparison.Ordinal) &&
        !pattern.Contains("\\z", StringComparison.Ordinal) && !pattern.Contains("\\Z", StringComparison.Ordinal) &&
        !pattern.Contains("\\G", StringComparison.Ordinal);

    /// <summary>
    /// The longest run of literal characters that every match must contain, contiguously: found in the pattern's top-level
    /// sequence (a prefix, or inside as the <c>_</c> of <c>\w+_\d+</c>), stopping at the first construct the scan does not
    /// fully understand. Patterns with alternation or inline options get none; with <paramref name="ignoreCase"/> only
    /// ASCII letters other than k (which also matches the Kelvin sign) go into a run.
    /// </summary>
    internal static string? RequiredLiteral(string pattern, bool ignoreCase = false)
    {
        if (pattern.Contains('|', StringComparison.Ordinal))
        {
            return null;
        }

        string? best = null;
        var run = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c is '^' or '$')
            {
                // Zero-width: the characters on both sides are still adjacent in the match.
                i++;
                continue;
            }

            if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is 'b' or 'B' or 'A' or 'G' or 'z' or 'Z')
            {
                i += 2;
                continue;
            }

            int atomEnd;
            char? literal = null;
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    break;
                }

                var next = pattern[i + 1];
                if (char.IsLetterOrDigit(next))
                {
                    // Classes (\w \d \s) and single-letter escapes; ones that take an argument (\p{..}, \k<..>, \x41, \u0041,
                    // \cX, back references) end the scan rather than be half-understood.
                    if (next is 'p' or 'P' or 'k' or 'x' or 'u' or 'c' || char.IsDigit(next))
                    {
                        break;
                    }

                    atomEnd = i + 2;
                }
                else
                {
                    literal = next;
                    atomEnd = i + 2;
                }
            }
            else if (c == '[')
            {
                atomEnd = SkipClass(pattern, i);
            }
            else if (c == '(')
            {
                if (pattern.AsSpan(i).StartsWith("(?#") || IsOptionGroup(pattern, i))
                {
                    return null;
                }

                atomEnd = SkipGroup(pattern, i);
            }
            else if (c is '.' or ')' or ']' or '{' or '*' or '+' or '?' or '#')
            {
                // '.' varies; the rest would be stray (or literal by a rule not worth relying on here).
                if (c != '.')
                {
                    break;
                }

                atomEnd = i + 1;
            }
            else
            {
                literal = c;
                atomEnd = i + 1;
            }

            if (atomEnd < 0)
            {
                break;
            }

            var quantifierEnd = SkipQuantifier(pattern, atomEnd, out var optional);
            if (quantifierEnd < 0)
            {
                break;
            }

            var usable = literal is { } ch && (!ignoreCase || (char.IsAscii(ch) && ch is not ('k' or 'K')));
            if (usable && !optional)
            {
                run.Append(literal!.Value);
            }

            // A literal that repeats, is optional, or is not usable ends the run; other atoms end it too.
            if (!usable || optional || quantifierEnd != atomEnd)
            {
                best = Longer(best, run);
            }

            i = quantifierEnd;
        }

        best = Longer(best, run);
        return best;
    }

    private static string? Longer(string? best, StringBuilder run)
    {
        if (run.Length > (best?.Length ?? 0))
        {
            best = run.ToString();
        }

        run.Clear();
        return best;
    }

    /// <summary>After a quantifier at <paramref name="at"/> (if any, with its lazy <c>?</c>); -1 when one cannot be read.</summary>
    private static int SkipQuantifier(string pattern, int at, out bool optional)
    {
        optional = false;
        if (at >= pattern.Length)
        {
            return at;
        }

        var end = at;
        switch (pattern[at])
        {
            case '?' or '*':
                optional = true;
                end = at + 1;
                break;
            case '+':
                end = at + 1;
                break;
            case '{':
                var close = pattern.IndexOf('}', at);
                if (close < 0 || !IsCounts(pattern.AsSpan(at + 1, close - at - 1), out var minimum))
                {
                    return -1;
                }

                optional = minimum == 0;
                end = close + 1;
                break;
            default:
                return at;
        }

        return end < pattern.Length && pattern[end] == '?' ? end + 1 : end;
    }

    private static bool IsCounts(ReadOnlySpan<char> body, out int minimum)
    {
        var comma = body.IndexOf(',');
        var first = comma < 0 ? body : body[..comma];
        minimum = 0;
        if (first.IsEmpty || !int.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out minimum))
        {
            return false;
        }

        var rest = comma < 0 ? [] : body[(comma + 1)..];
        return rest.IsEmpty || int.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    /// <summary><c>(?i)</c>, <c>(?-x:</c> and the like: they change how the rest is read.</summary>
    private static bool IsOptionGroup(string pattern, int at)
    {
        if (!pattern.AsSpan(at).StartsWith("(?"))
        {
            return false;
        }

        var j = at + 2;
        while (j < pattern.Length && pattern[j] is 'i' or 'm' or 'n' or 's' or 'x' or '-')
        {
            j++;
        }

        return j > at + 2 && j < pattern.Length && pattern[j] is ')' or ':';
    }

    /// <summary>The index after the group opening at <paramref name="at"/>, or -1.</summary>
    private static int SkipGroup(string pattern, int at)
    {
        var depth = 0;
        for (var j = at; j < pattern.Length; j++)
        {
            switch (pattern[j])
            {
                case '\\':
                    j++;
                    break;
                case '[':
                    j = SkipClass(pattern, j);
                    if (j < 0)
                    {
                        return -1;
                    }

                    j--;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return j + 1;
                    }

                    break;
            }
        }

        return -1;
    }

    /// <summary>The index after the character class opening at <paramref name="at"/> (subtractions included), or -1.</summary>
    private static int SkipClass(string pattern, int at)
    {
        var j = at + 1;
        if (j < pattern.Length && pattern[j] == '^')
        {
            j++;
        }

        // A ']' first is a member, not the end.
        if (j < pattern.Length && pattern[j] == ']')
        {
            j++;
        }

        for (; j < pattern.Length; j++)
        {
            switch (pattern[j])
            {
                case '\\':
                    j++;
                    break;
                case '[' when pattern[j - 1] == '-':
                    j = SkipClass(pattern, j);
                    if (j < 0)
                    {
                        return -1;
                    }

                    j--;
                    break;
                case ']':
                    return j + 1;
            }
        }

        return -1;
    }
}
