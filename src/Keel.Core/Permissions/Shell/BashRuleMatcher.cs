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

    /// <summary><c>*</c> matches any run of characters; <c>?</c> is literal in command rules.</summary>
    private static bool Glob(string pattern, string text) => Wildcard.IsMatch(pattern, text, questionMarkMatchesOne: false);
}
