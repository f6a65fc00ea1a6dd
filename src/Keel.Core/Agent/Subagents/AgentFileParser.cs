using Keel.Core.Permissions;

namespace Keel.Core.Agent.Subagents;

/// <summary>
/// Reads an agent file: YAML front matter between <c>---</c> lines, then the system prompt. Only the
/// subset agent files use is understood (scalars, quoted strings, inline <c>[a, b]</c> and block
/// <c>- a</c> lists, comma lists); anything else makes the file invalid and it is skipped with a reason.
/// </summary>
public static class AgentFileParser
{
    public static (AgentDefinition? Agent, string? Error) Parse(string text, string source, string? path = null)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            return (null, "it has no front matter (a --- line first)");
        }

        var end = Array.FindIndex(lines, 1, static l => l.Trim() == "---");
        if (end < 0)
        {
            return (null, "its front matter is not closed by a --- line");
        }

        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        string? listKey = null;
        for (var i = 1; i < end; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var trimmed = line.Trim();
            if (trimmed.StartsWith("- ", StringComparison.Ordinal) && listKey is not null)
            {
                ((List<string>)fields[listKey]).Add(Unquote(trimmed[2..].Trim()));
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                return (null, $"front matter line {i + 1} is not 'key: value'");
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.Length == 0)
            {
                fields[key] = new List<string>();
                listKey = key;
                continue;
            }

            listKey = null;
            fields[key] = value.StartsWith('[') && value.EndsWith(']')
                ? SplitList(value[1..^1])
                : Unquote(value);
        }

        var body = string.Join('\n', lines.Skip(end + 1)).Trim();
        return Build(fields, body, source, path);
    }

    /// <summary>Turns parsed fields into a definition (shared with <c>--agents</c> JSON).</summary>
    public static (AgentDefinition? Agent, string? Error) Build(IReadOnlyDictionary<string, object> fields, string prompt, string source, string? path)
    {
        var name = Scalar(fields, "name");
        var description = Scalar(fields, "description");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(description))
        {
            return (null, "it needs both name and description");
        }

        if (name.Contains(':', StringComparison.Ordinal))
        {
            return (null, $"the name '{name}' contains ':'");
        }

        PermissionMode? mode = null;
        if (Scalar(fields, "permissionMode") is { Length: > 0 } modeText)
        {
            if (PermissionModes.Parse(modeText) is not { } parsed)
            {
                return (null, $"permissionMode '{modeText}' is not a permission mode");
            }

            mode = parsed;
        }

        int? maxTurns = null;
        if (Scalar(fields, "maxTurns") is { Length: > 0 } turnsText)
        {
            if (!int.TryParse(turnsText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var turns) || turns <= 0)
            {
                return (null, $"maxTurns '{turnsText}' is not a positive number");
            }

            maxTurns = turns;
        }

        var isolation = Scalar(fields, "isolation");
        if (isolation is { Length: > 0 } && isolation.Trim() != "worktree")
        {
            return (null, $"isolation '{isolation}' is not known (the one isolation is worktree)");
        }

        var model = Scalar(fields, "model");
        var agent = new AgentDefinition(
            name.Trim(),
            description.Trim(),
            prompt,
            fields.ContainsKey("tools") ? List(fields, "tools") : null,
            List(fields, "disallowedTools"),
            string.IsNullOrWhiteSpace(model) || model == "inherit" ? null : model.Trim(),
            source)
        {
            PermissionMode = mode,
            MaxTurns = maxTurns,
            Skills = List(fields, "skills"),
            IsolatedInWorktree = isolation is { Length: > 0 },
            Path = path,
        };
        return (agent, null);
    }

    private static string? Scalar(IReadOnlyDictionary<string, object> fields, string key) => fields.GetValueOrDefault(key) switch
    {
        string s => s,
        List<string> { Count: 1 } one => one[0],
        _ => null,
    };

    private static List<string> List(IReadOnlyDictionary<string, object> fields, string key) => fields.GetValueOrDefault(key) switch
    {
        string s => SplitList(s),
        List<string> list => [.. list.Where(static t => t.Length > 0)],
        _ => [],
    };

    /// <summary>Splits <c>Read, Grep, Agent(a, b)</c> on top-level commas.</summary>
    private static List<string> SplitList(string text)
    {
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == '(')
            {
                depth++;
            }
            else if (i < text.Length && text[i] == ')')
            {
                depth--;
            }
            else if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var item = Unquote(text[start..i].Trim());
                if (item.Length > 0)
                {
                    items.Add(item);
                }

                start = i + 1;
            }
        }

        return items;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\''))
            ? value[1..^1]
            : value;
}
