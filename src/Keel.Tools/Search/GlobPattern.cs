namespace Keel.Tools.Search;

/// <summary>
/// A path glob such as <c>src/**/*.cs</c> or <c>*.{ts,tsx}</c>: braces expand to alternatives,
/// <c>**</c> spans directories, <c>*</c> and <c>?</c> stay within one segment and also match dotfiles.
/// </summary>
public sealed class GlobPattern
{
    private const int MaxAlternatives = 256;
    private readonly PathMatcher[] _alternatives;

    private GlobPattern(string pattern, PathMatcher[] alternatives)
    {
        Pattern = pattern;
        _alternatives = alternatives;
    }

    public string Pattern { get; }

    /// <summary>True when the pattern names directories (contains <c>/</c>); else it is meant for a file name.</summary>
    public bool HasSlash { get; private set; }

    /// <summary>The deepest a match can be (in segments), or null when <c>**</c> allows any depth.</summary>
    public int? MaxDepth { get; private set; }

    public static GlobPattern Parse(string pattern)
    {
        var normalized = pattern.Replace('\\', '/');
        if (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        var expanded = new List<string>();
        ExpandBraces(normalized, expanded);
        var matchers = new PathMatcher[expanded.Count];
        int? depth = 0;
        for (var i = 0; i < expanded.Count; i++)
        {
            matchers[i] = new PathMatcher(expanded[i]);
            depth = matchers[i].HasAnyDepth || depth is null ? null : Math.Max(depth.Value, matchers[i].SegmentCount);
        }

        return new GlobPattern(pattern, matchers)
        {
            HasSlash = normalized.TrimEnd('/').Contains('/', StringComparison.Ordinal),
            MaxDepth = depth,
        };
    }

    /// <summary>Matches a path relative to the search root, with <c>/</c> separators.</summary>
    public bool IsMatch(ReadOnlySpan<char> relativePath)
    {
        foreach (var matcher in _alternatives)
        {
            if (matcher.Matches(relativePath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Matches a bare file name (for patterns without <c>/</c>).</summary>
    public bool IsNameMatch(ReadOnlySpan<char> name)
    {
        foreach (var matcher in _alternatives)
        {
            if (matcher.MatchesName(name))
            {
                return true;
            }
        }

        return false;
    }

    private static void ExpandBraces(string pattern, List<string> output)
    {
        var open = FindBrace(pattern, out var close, out var commas);
        if (open < 0 || output.Count >= MaxAlternatives)
        {
            output.Add(pattern);
            return;
        }

        var head = pattern[..open];
        var tail = pattern[(close + 1)..];
        var start = open + 1;
        foreach (var comma in commas.Append(close))
        {
            ExpandBraces(head + pattern[start..comma] + tail, output);
            start = comma + 1;
        }
    }

    /// <summary>The first <c>{...}</c> with a top-level comma; -1 when there is none.</summary>
    private static int FindBrace(string pattern, out int close, out List<int> commas)
    {
        commas = [];
        close = -1;
        for (var open = 0; open < pattern.Length; open++)
        {
            if (pattern[open] == '\\')
            {
                open++;
                continue;
            }

            if (pattern[open] != '{')
            {
                continue;
            }

            var depth = 0;
            commas.Clear();
            for (var i = open + 1; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '{')
                {
                    depth++;
                }
                else if (c == '}' && depth > 0)
                {
                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    commas.Add(i);
                }
                else if (c == '}')
                {
                    if (commas.Count > 0)
                    {
                        close = i;
                        return open;
                    }

                    break;
                }
            }
        }

        return -1;
    }
}
