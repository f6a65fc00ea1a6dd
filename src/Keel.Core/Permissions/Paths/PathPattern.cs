namespace Keel.Core.Permissions.Paths;

/// <summary>
/// A gitignore-style path pattern from a <c>Read(...)</c>/<c>Edit(...)</c> rule, anchored to an
/// absolute pattern: <c>//abs</c> is absolute, <c>~/x</c> is under home, <c>/x</c> and <c>./x</c>
/// are under the base directory, <c>x/y</c> is under the base directory, and a bare name
/// (<c>.env</c>) matches at any depth below it. <c>*</c> and <c>?</c> stay in one segment,
/// <c>**</c> crosses directories. A pattern that matches a directory matches everything in it.
/// </summary>
public sealed class PathPattern
{
    private readonly string[] _segments;

    private PathPattern(string[] segments, string text)
    {
        _segments = segments;
        Text = text;
    }

    /// <summary>The absolute pattern, for messages and tests.</summary>
    public string Text { get; }

    public static PathPattern Compile(string spec, string baseDirectory, string home)
    {
        var s = spec.Trim();
        string absolute;
        if (s.StartsWith("//", StringComparison.Ordinal))
        {
            absolute = s[1..];
        }
        else if (s == "~" || s.StartsWith("~/", StringComparison.Ordinal))
        {
            absolute = home + s[1..];
        }
        else if (s.StartsWith('/'))
        {
            absolute = baseDirectory + s;
        }
        else if (s.StartsWith("./", StringComparison.Ordinal))
        {
            absolute = baseDirectory + "/" + s[2..];
        }
        else
        {
            // gitignore: a pattern with no inner slash matches at any depth.
            absolute = s.TrimEnd('/').Contains('/', StringComparison.Ordinal) ? baseDirectory + "/" + s : baseDirectory + "/**/" + s;
        }

        var segments = Normalize(absolute.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return new PathPattern(segments, "/" + string.Join('/', segments));
    }

    /// <summary>True when the pattern matches the absolute path or one of its parent directories.</summary>
    public bool Matches(string absolutePath) => Match(0, absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries), 0);

    /// <summary>
    /// True when some path inside the directory (or the directory itself) could match: the directory
    /// is consumed as a prefix of the pattern, or the pattern already matches it or a parent.
    /// </summary>
    public bool MayMatchWithin(string absoluteDirectory) => Prefix(0, absoluteDirectory.Split('/', StringSplitOptions.RemoveEmptyEntries), 0);

    /// <summary>The literal directory the pattern starts with (before its first wildcard segment).</summary>
    public string LiteralPrefix
    {
        get
        {
            var first = Array.FindIndex(_segments, s => s.AsSpan().IndexOfAny("*?") >= 0);
            return "/" + string.Join('/', first < 0 ? _segments : _segments.Take(first));
        }
    }

    private bool Prefix(int p, string[] path, int i)
    {
        while (true)
        {
            if (p == _segments.Length || i == path.Length)
            {
                return true;
            }

            if (_segments[p] == "**")
            {
                return true;
            }

            if (!Wildcard(_segments[p], path[i]))
            {
                return false;
            }

            p++;
            i++;
        }
    }

    private bool Match(int p, string[] path, int i)
    {
        while (true)
        {
            if (p == _segments.Length)
            {
                // Consumed the pattern: the path is the match or inside it.
                return true;
            }

            if (i == path.Length)
            {
                return _segments.AsSpan(p).IndexOfAnyExcept("**") < 0;
            }

            if (_segments[p] == "**")
            {
                // Zero segments, or one more segment and stay on **.
                return Match(p + 1, path, i) || Match(p, path, i + 1);
            }

            if (!Wildcard(_segments[p], path[i]))
            {
                return false;
            }

            p++;
            i++;
        }
    }

    private static string[] Normalize(string[] segments)
    {
        var result = new List<string>(segments.Length);
        foreach (var segment in segments)
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == ".." && result.Count > 0 && result[^1] != "**")
            {
                result.RemoveAt(result.Count - 1);
                continue;
            }

            if (segment == "**" && result.Count > 0 && result[^1] == "**")
            {
                continue;
            }

            result.Add(segment);
        }

        return [.. result];
    }

    /// <summary>Glob match of one segment: <c>*</c> any run, <c>?</c> one character.</summary>
    internal static bool Wildcard(string pattern, string text) => Permissions.Wildcard.IsMatch(pattern, text, questionMarkMatchesOne: true);
}
