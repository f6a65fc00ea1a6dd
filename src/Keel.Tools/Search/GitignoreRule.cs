namespace Keel.Tools.Search;

/// <summary>One line of a <c>.gitignore</c>.</summary>
internal sealed class GitignoreRule
{
    private readonly PathMatcher _matcher;

    private GitignoreRule(PathMatcher matcher, bool negated, bool directoryOnly, bool anchored)
    {
        _matcher = matcher;
        Negated = negated;
        DirectoryOnly = directoryOnly;
        Anchored = anchored;
    }

    public bool Negated { get; }

    public bool DirectoryOnly { get; }

    /// <summary>True when the rule is matched against the path from its .gitignore's directory, not just the name.</summary>
    public bool Anchored { get; }

    public static GitignoreRule? Parse(string line)
    {
        line = TrimTrailingSpaces(line.TrimEnd('\r'));
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }

        var negated = false;
        if (line[0] == '!')
        {
            negated = true;
            line = line[1..];
        }
        else if (line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal))
        {
            line = line[1..];
        }

        var directoryOnly = line.EndsWith('/');
        line = line.TrimEnd('/');
        if (line.Length == 0)
        {
            return null;
        }

        // A slash at the start or in the middle anchors the pattern to the .gitignore's directory.
        var anchored = line.Contains('/', StringComparison.Ordinal);
        line = line.TrimStart('/');
        return line.Length == 0 ? null : new GitignoreRule(new PathMatcher(line), negated, directoryOnly, anchored);
    }

    public bool Matches(ReadOnlySpan<char> relativePath, ReadOnlySpan<char> name, bool isDirectory)
    {
        if (DirectoryOnly && !isDirectory)
        {
            return false;
        }

        return Anchored ? _matcher.Matches(relativePath) : _matcher.MatchesName(name);
    }

    // Trailing spaces are ignored unless escaped with a backslash.
    private static string TrimTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end >= 2 && line[end - 2] == '\\'))
        {
            end--;
        }

        var trimmed = line[..end];
        return trimmed.EndsWith("\\ ", StringComparison.Ordinal) ? trimmed[..^2] + " " : trimmed;
    }
}
