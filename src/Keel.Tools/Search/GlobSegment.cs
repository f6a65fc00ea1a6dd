namespace Keel.Tools.Search;

/// <summary>One compiled segment of a path glob, with fast paths for the common shapes.</summary>
internal sealed class GlobSegment
{
    private readonly string _pattern;
    private readonly Kind _kind;
    private readonly string _literal;

    public GlobSegment(string pattern)
    {
        _pattern = pattern;
        if (pattern == "**")
        {
            _kind = Kind.AnyDepth;
            _literal = string.Empty;
        }
        else if (!Wildcard.HasMeta(pattern))
        {
            _kind = Kind.Literal;
            _literal = pattern;
        }
        else if (pattern == "*")
        {
            _kind = Kind.Any;
            _literal = string.Empty;
        }
        else if (pattern[0] == '*' && !Wildcard.HasMeta(pattern.AsSpan(1)))
        {
            _kind = Kind.Suffix;
            _literal = pattern[1..];
        }
        else if (pattern[^1] == '*' && !Wildcard.HasMeta(pattern.AsSpan(0, pattern.Length - 1)))
        {
            _kind = Kind.Prefix;
            _literal = pattern[..^1];
        }
        else
        {
            _kind = Kind.General;
            _literal = string.Empty;
        }
    }

    private enum Kind
    {
        Literal,
        Any,
        AnyDepth,
        Suffix,
        Prefix,
        General,
    }

    public bool IsAnyDepth => _kind == Kind.AnyDepth;

    public bool IsLiteral => _kind == Kind.Literal;

    public string Text => _pattern;

    public bool Matches(ReadOnlySpan<char> name) => _kind switch
    {
        Kind.Literal => name.SequenceEqual(_literal),
        Kind.Any or Kind.AnyDepth => true,
        Kind.Suffix => name.EndsWith(_literal, StringComparison.Ordinal),
        Kind.Prefix => name.StartsWith(_literal, StringComparison.Ordinal),
        _ => Wildcard.Match(_pattern, name),
    };
}
