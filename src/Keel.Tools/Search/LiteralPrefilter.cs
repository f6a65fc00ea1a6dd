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
    private readonly byte[] _literal;
    private readonly bool _ignoreCase;
    private readonly byte _lower;
    private readonly byte _upper;

    private LiteralPrefilter(byte[] literal, bool ignoreCase, bool isWholePattern, bool lineLocal)
    {
        _literal = literal;
        _ignoreCase = ignoreCase;
        _lower = (byte)char.ToLowerInvariant((char)literal[0]);
        _upper = (byte)char.ToUpperInvariant((char)literal[0]);
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

    /// <summary>A prefilter for the pattern's required leading literal, or null when none is safe to use.</summary>
    public static LiteralPrefilter? TryCreate(string pattern, bool ignoreCase)
    {
        var literal = RequiredLiteral(pattern);
        if (literal is null || literal.Length < 2 || (ignoreCase && !Ascii.IsValid(literal)))
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

        var last = text.Length - _literal.Length;
        var position = 0;
        while (position <= last)
        {
            var found = text[position..(last + 1)].IndexOfAny(_lower, _upper);
            if (found < 0)
            {
                return -1;
            }

            position += found;
            if (Ascii.EqualsIgnoreCase(text.Slice(position, _literal.Length), _literal))
            {
                return position;
            }

            position++;
        }

        return -1;
    }

    private static bool IsLineLocalPattern(string pattern) =>
        !pattern.Contains("(?<", StringComparison.Ordinal) && !pattern.Contains("(?=", StringComparison.Ordinal) &&
        !pattern.Contains("(?!", StringComparison.Ordinal) && !pattern.Contains("\\A", StringComparison.Ordinal) &&
        !pattern.Contains("\\z", StringComparison.Ordinal) && !pattern.Contains("\\Z", StringComparison.Ordinal) &&
        !pattern.Contains("\\G", StringComparison.Ordinal);

    /// <summary>
    /// The literal text at the start of the pattern that any match must contain, stopping at the first
    /// construct that could vary. Patterns with alternation or inline options get none.
    /// </summary>
    internal static string? RequiredLiteral(string pattern)
    {
        if (pattern.Contains('|', StringComparison.Ordinal) || pattern.StartsWith("(?", StringComparison.Ordinal))
        {
            return null;
        }

        var builder = new StringBuilder();
        var i = pattern.StartsWith('^') ? 1 : 0;
        while (i < pattern.Length)
        {
            char c;
            int step;
            if (pattern[i] == '\\' && i + 1 < pattern.Length && pattern[i + 1] is 'b' or 'B' or 'A' or 'G')
            {
                // Zero-width assertions consume nothing, so the literal continues past them.
                i += 2;
                continue;
            }

            if (pattern[i] == '\\')
            {
                if (i + 1 >= pattern.Length || char.IsLetterOrDigit(pattern[i + 1]) || char.IsWhiteSpace(pattern[i + 1]))
                {
                    break;
                }

                c = pattern[i + 1];
                step = 2;
            }
            else if (RegexMeta.Contains(pattern[i], StringComparison.Ordinal))
            {
                break;
            }
            else
            {
                c = pattern[i];
                step = 1;
            }

            var next = i + step < pattern.Length ? pattern[i + step] : '\0';
            if (next is '?' or '*' or '{')
            {
                break;
            }

            builder.Append(c);
            if (next == '+')
            {
                break;
            }

            i += step;
        }

        return builder.Length == 0 ? null : builder.ToString();
    }
}
