namespace Keel.Cli.Mcp;

/// <summary>Command-line pieces of MCP: <c>--mcp-config</c> values.</summary>
public static class McpFlags
{
    /// <summary>
    /// <c>--mcp-config</c> takes several values; a following word counts only when it looks like a config
    /// (a JSON object or a <c>.json</c> file), so a prompt after the flag stays the prompt.
    /// </summary>
    public static bool TakeConfigs(IReadOnlyList<string> args, ref int i, string? inlineValue, ICollection<string> into)
    {
        if (inlineValue is not null)
        {
            into.Add(inlineValue);
            return true;
        }

        var took = false;
        while (i + 1 < args.Count && LooksLikeConfig(args[i + 1]))
        {
            into.Add(args[++i]);
            took = true;
        }

        return took;
    }

    private static bool LooksLikeConfig(string value) =>
        value.TrimStart().StartsWith('{') || value.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
