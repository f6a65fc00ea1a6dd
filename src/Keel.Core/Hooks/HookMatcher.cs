using System.Text.RegularExpressions;

namespace Keel.Core.Hooks;

/// <summary>
/// Matcher semantics of the reference client: empty, missing or <c>*</c> matches everything; a value
/// of only letters, digits, <c>_</c>, <c>-</c>, spaces, <c>,</c> and <c>|</c> is an exact name or a list;
/// anything else is an unanchored regular expression.
/// </summary>
public static partial class HookMatcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static bool Matches(string? matcher, string? target)
    {
        if (string.IsNullOrWhiteSpace(matcher) || matcher.Trim() == "*")
        {
            return true;
        }

        target ??= string.Empty;
        if (PlainList().IsMatch(matcher))
        {
            foreach (var name in matcher.Split(['|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (string.Equals(name, target, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        try
        {
            return Regex.IsMatch(target, matcher, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            // An invalid pattern matches nothing; configuration loading already warned about it.
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Null when the matcher is usable, else why not.</summary>
    public static string? Validate(string? matcher)
    {
        if (string.IsNullOrWhiteSpace(matcher) || PlainList().IsMatch(matcher) || matcher.Trim() == "*")
        {
            return null;
        }

        try
        {
            _ = new Regex(matcher, RegexOptions.CultureInvariant, RegexTimeout);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"the matcher \"{matcher}\" is not a valid regular expression: {ex.Message}";
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\- ,|]+$")]
    private static partial Regex PlainList();
}
