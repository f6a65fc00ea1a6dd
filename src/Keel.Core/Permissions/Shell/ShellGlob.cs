namespace Keel.Core.Permissions.Shell;

/// <summary>
/// Pathname expansion at decision time, wider than bash's on purpose: <c>*</c> and <c>?</c> also match
/// a leading dot, a segment starting with a dot may match <c>.</c> and <c>..</c>, and <c>**</c> crosses
/// directories (as with <c>globstar</c>). The result is bounded; past the bound it says so, and the
/// caller treats the glob as matching anything under its literal prefix.
/// </summary>
internal static class ShellGlob
{
    public const int MaxMatches = 2000;
    private const int MaxVisited = 20000;

    public static bool HasGlob(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>The existing paths an absolute glob can name; <paramref name="bounded"/> is false when enumeration was cut short.</summary>
    public static List<string> Expand(string absolutePattern, out bool bounded)
    {
        var segments = absolutePattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var matches = new List<string>();
        var visited = 0;
        bounded = Walk("/", segments, 0, matches, ref visited);
        return matches;
    }

    /// <summary>The directory part before the first glob segment ("/" at least).</summary>
    public static string LiteralPrefix(string absolutePattern)
    {
        var segments = absolutePattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var first = Array.FindIndex(segments, HasGlob);
        return "/" + string.Join('/', first < 0 ? segments : segments.Take(first));
    }

    private static bool Walk(string directory, string[] segments, int index, List<string> matches, ref int visited)
    {
        if (index == segments.Length)
        {
            matches.Add(directory);
            return matches.Count <= MaxMatches;
        }

        var segment = segments[index];
        var child = directory == "/" ? "/" : directory + "/";
        if (!HasGlob(segment))
        {
            // Literal segments (including . and ..) are kept as written; the resolver applies them the kernel's way.
            return index == segments.Length - 1 ? Add(child + segment, matches) : Walk(child + segment, segments, index + 1, matches, ref visited);
        }

        if (segment == "**")
        {
            // Zero directories, then each subdirectory (not through symlinks, as bash's globstar).
            if (!Walk(directory, segments, index + 1, matches, ref visited))
            {
                return false;
            }

            var last = index == segments.Length - 1;
            foreach (var sub in Entries(directory, directoriesOnly: !last))
            {
                if (last && !Directory.Exists(sub))
                {
                    if (!Add(sub, matches) || ++visited > MaxVisited)
                    {
                        return false;
                    }

                    continue;
                }

                if (++visited > MaxVisited)
                {
                    return false;
                }

                if (!IsLink(sub) && !Walk(sub, segments, index, matches, ref visited))
                {
                    return false;
                }
            }

            return true;
        }

        var candidates = new List<string>();
        if (segment.StartsWith('.'))
        {
            candidates.Add(child + ".");
            candidates.Add(child + "..");
        }

        candidates.AddRange(Entries(directory, directoriesOnly: index < segments.Length - 1));
        foreach (var candidate in candidates)
        {
            if (++visited > MaxVisited)
            {
                return false;
            }

            var name = Path.GetFileName(candidate);
            if (!Matches(segment, name))
            {
                continue;
            }

            if (index == segments.Length - 1 ? !Add(candidate, matches) : !Walk(candidate, segments, index + 1, matches, ref visited))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Add(string path, List<string> matches)
    {
        matches.Add(path);
        return matches.Count <= MaxMatches;
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static List<string> Entries(string directory, bool directoriesOnly)
    {
        try
        {
            var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None, RecurseSubdirectories = false };
            return (directoriesOnly ? Directory.EnumerateDirectories(directory, "*", options) : Directory.EnumerateFileSystemEntries(directory, "*", options)).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return [];
        }
    }

    /// <summary>Bash glob match of one segment: <c>*</c>, <c>?</c>, <c>[...]</c> with <c>!</c>/<c>^</c> and ranges; a backslash quotes.</summary>
    public static bool Matches(string pattern, string text) => Match(pattern, 0, text, 0, 0);

    private static bool Match(string p, int pi, string t, int ti, int depth)
    {
        if (depth > 64)
        {
            return true;
        }

        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                while (pi < p.Length && p[pi] == '*')
                {
                    pi++;
                }

                if (pi == p.Length)
                {
                    return true;
                }

                for (var k = ti; k <= t.Length; k++)
                {
                    if (Match(p, pi, t, k, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (ti >= t.Length)
            {
                return false;
            }

            if (c == '?')
            {
                pi++;
                ti++;
                continue;
            }

            if (c == '[' && Bracket(p, pi, t[ti]) is var (matched, end) && end > 0)
            {
                if (!matched)
                {
                    return false;
                }

                pi = end;
                ti++;
                continue;
            }

            if (c == '\\' && pi + 1 < p.Length)
            {
                pi++;
                c = p[pi];
            }

            if (c != t[ti])
            {
                return false;
            }

            pi++;
            ti++;
        }

        return ti == t.Length;
    }

    /// <summary>Matches one character against the bracket expression at <paramref name="start"/>; end is 0 when it is not a bracket expression.</summary>
    private static (bool Matched, int End) Bracket(string p, int start, char c)
    {
        var i = start + 1;
        var negate = i < p.Length && p[i] is '!' or '^';
        if (negate)
        {
            i++;
        }

        var matched = false;
        var first = true;
        while (i < p.Length && (p[i] != ']' || first))
        {
            first = false;
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                // A character class: treat as matching anything (wider is safe).
                var close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    return (false, 0);
                }

                matched = true;
                i = close + 2;
                continue;
            }

            var low = p[i];
            if (i + 2 < p.Length && p[i + 1] == '-' && p[i + 2] != ']')
            {
                matched |= c >= low && c <= p[i + 2];
                i += 3;
                continue;
            }

            matched |= c == low;
            i++;
        }

        return i >= p.Length ? (false, 0) : (matched != negate, i + 1);
    }
}
