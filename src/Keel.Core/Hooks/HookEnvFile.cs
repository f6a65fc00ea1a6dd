using System.Text.RegularExpressions;

namespace Keel.Core.Hooks;

/// <summary>
/// Reads <c>CLAUDE_ENV_FILE</c> as SessionStart hooks leave it: lines <c>export NAME=value</c> (or <c>NAME=value</c>), the value
/// bare, 'single-quoted' or "double-quoted". Other lines (comments, commands) are skipped; a missing file is no variables.
/// </summary>
public static partial class HookEnvFile
{
    public static IReadOnlyList<(string Name, string Value)> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var variables = new List<(string, string)>();
        foreach (var raw in text.Split('\n'))
        {
            var match = Line().Match(raw.Trim());
            if (match.Success)
            {
                variables.Add((match.Groups["name"].Value, Unquote(match.Groups["value"].Value)));
            }
        }

        return variables;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && ((value[0] == '\'' && value[^1] == '\'') || (value[0] == '"' && value[^1] == '"')))
        {
            var inner = value[1..^1];
            return value[0] == '"' ? inner.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : inner;
        }

        return value;
    }

    [GeneratedRegex(@"^(?:export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Line();
}
