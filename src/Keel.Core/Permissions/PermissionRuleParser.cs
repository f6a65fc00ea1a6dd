namespace Keel.Core.Permissions;

/// <summary>
/// Parses rule text as users write it (<c>Bash(git log:*)</c>, <c>Read(./secrets/**)</c>,
/// <c>mcp__github__*</c>) into a <see cref="PermissionRule"/>, normalising the equivalent forms:
/// <c>Tool(*)</c> and <c>Tool()</c> are bare <c>Tool</c>, and <c>mcp__server__*</c> is <c>mcp__server</c>.
/// Which tools a name governs (its own, or a tool's rule aliases such as <c>Task</c> for Agent) is the tools'
/// own declaration (<see cref="Tools.ITool.RuleAliases"/>); the parser knows no tool names.
/// </summary>
public static class PermissionRuleParser
{
    /// <summary>A rule, or null with a message saying what is wrong with the text.</summary>
    public static (PermissionRule? Rule, string? Error) Parse(string text, PermissionBehavior behavior, string source, string? baseDirectory)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return (null, "an empty rule");
        }

        string name;
        string? spec = null;
        var open = trimmed.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            if (!trimmed.EndsWith(')') || open == 0)
            {
                return (null, $"the rule \"{trimmed}\" is not Tool or Tool(specifier)");
            }

            name = trimmed[..open].Trim();
            spec = trimmed[(open + 1)..^1];
            if (spec.Trim() is "" or "*")
            {
                spec = null;
            }
        }
        else
        {
            name = trimmed;
        }

        if (name.StartsWith("mcp__", StringComparison.Ordinal))
        {
            if (name.EndsWith("__*", StringComparison.Ordinal))
            {
                name = name[..^3];
            }

            if (name.Length <= 5 || (name.Contains('*', StringComparison.Ordinal) && name != "mcp__*"))
            {
                return (null, $"the rule \"{trimmed}\" names no MCP server (use mcp__server or mcp__server__tool)");
            }
        }
        else if (!IsToolName(name))
        {
            return (null, $"the rule \"{trimmed}\" does not start with a tool name");
        }

        return (new PermissionRule(name, spec, behavior, source, trimmed, baseDirectory), null);
    }

    private static bool IsToolName(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
