namespace Keel.Core.Permissions.Shell;

/// <summary>
/// Claude-Code Bash rule patterns: <c>prefix:*</c> and <c>prefix *</c> match the prefix alone or followed
/// by a space (word boundary); <c>*</c> elsewhere matches any text; no wildcard means an exact match.
/// </summary>
internal static class BashRuleMatcher
{
    public static bool Matches(string? specifier, string text)
    {
        if (specifier is null)
        {
            return true;
        }

        var pattern = specifier.Trim();
        if (pattern is "*" or "")
        {
            return true;
        }

        if (pattern.EndsWith(":*", StringComparison.Ordinal))
        {
            pattern = pattern[..^2] + " *";
        }

        if (pattern.EndsWith(" *", StringComparison.Ordinal))
        {
            // The trailing " *" may also match nothing: `Bash(ls *)` matches `ls`.
            return Glob(pattern, text) || Glob(pattern[..^2], text);
        }

        return Glob(pattern, text);
    }

    /// <summary>Iterative wildcard match where <c>*</c> matches any run of characters.</summary>
    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
