using System.Globalization;
using System.Text.RegularExpressions;

namespace Keel.Core.Commands;

/// <summary>
/// Fills a command or skill body with its arguments: <c>$ARGUMENTS</c> (everything after the name),
/// <c>$ARGUMENTS[N]</c> (0-based), <c>$N</c> (see <see cref="ArgumentNumbering"/>), <c>$name</c> for
/// declared argument names, and <c>${VAR}</c> for the variables given. <c>\$</c> keeps a literal dollar.
/// A missing argument becomes empty. When the body has no argument placeholder at all, non-empty
/// arguments are appended as <c>ARGUMENTS: ...</c> so they are never lost.
/// </summary>
public static partial class ArgumentExpander
{
    public static string Expand(
        string body,
        string arguments,
        ArgumentNumbering numbering,
        IReadOnlyDictionary<string, string>? variables = null,
        IReadOnlyList<string>? argumentNames = null)
    {
        var positional = ArgumentSplitter.Split(arguments);
        var zeroBased = numbering == ArgumentNumbering.ZeroBased || UsesDollarZero(body);
        var used = false;
        var text = Placeholder().Replace(body, match =>
        {
            if (match.Groups["escaped"].Success)
            {
                return match.Value[1..];
            }

            if (match.Groups["index"].Success)
            {
                used = true;
                return At(positional, Number(match.Groups["index"].Value));
            }

            if (match.Groups["all"].Success)
            {
                used = true;
                return arguments;
            }

            if (match.Groups["n"].Success)
            {
                used = true;
                var n = Number(match.Groups["n"].Value);
                return At(positional, zeroBased ? n : n - 1);
            }

            if (match.Groups["variable"].Success)
            {
                return variables is not null && variables.TryGetValue(match.Groups["variable"].Value, out var value) ? value : match.Value;
            }

            var name = match.Groups["name"].Value;
            var declared = argumentNames is null ? -1 : IndexOf(argumentNames, name);
            if (declared < 0)
            {
                return match.Value;
            }

            used = true;
            return At(positional, declared);
        });

        if (!used && !string.IsNullOrWhiteSpace(arguments))
        {
            text = text.TrimEnd() + "\n\nARGUMENTS: " + arguments;
        }

        return text;
    }

    private static bool UsesDollarZero(string body)
    {
        foreach (Match match in Placeholder().Matches(body))
        {
            if (match.Groups["n"].Success && match.Groups["n"].Value == "0")
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Number(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    private static string At(IReadOnlyList<string> items, int index) => index >= 0 && index < items.Count ? items[index] : string.Empty;

    [GeneratedRegex(@"(?<escaped>\\\$)|\$ARGUMENTS\[(?<index>\d+)\]|(?<all>\$ARGUMENTS)\b|\$(?<n>\d+)|\$\{(?<variable>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
