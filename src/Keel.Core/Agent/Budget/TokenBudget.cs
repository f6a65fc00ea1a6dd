using System.Globalization;
using System.Text.RegularExpressions;

namespace Keel.Core.Agent.Budget;

/// <summary>
/// A token budget the user states in the prompt: a shorthand such as <c>+500k</c> or <c>+2M</c> at
/// the start or end, or a phrase such as "use 2M tokens" / "spend 300k tokens".
/// </summary>
public static partial class TokenBudget
{
    /// <summary>The budget in output tokens, or null when the prompt states none.</summary>
    public static long? Parse(string prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return null;
        }

        var match = Shorthand().Match(prompt);
        if (!match.Success)
        {
            match = Phrase().Match(prompt);
        }

        if (!match.Success
            || !decimal.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var multiplier = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "K" => 1_000m,
            "M" => 1_000_000m,
            _ => 1m,
        };
        var tokens = number * multiplier;
        return tokens is >= 1 and <= 1_000_000_000 ? (long)tokens : null;
    }

    // "+500k" as the first or last word, so "+5" in arithmetic prose does not count (a unit is required).
    [GeneratedRegex(@"(?:^\s*\+(?<n>\d+(?:\.\d+)?)(?<unit>[kKmM])\b)|(?:\s\+(?<n>\d+(?:\.\d+)?)(?<unit>[kKmM])[.!]?\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex Shorthand();

    [GeneratedRegex(@"\b(?:use|spend|budget(?:\s+of)?:?)\s+(?<n>\d+(?:\.\d+)?)\s*(?<unit>[kKmM])?\s+tokens\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Phrase();
}
