namespace Keel.Core.Permissions;

/// <summary>Which rules govern which tools: a tool's own name and its rule aliases, and MCP server rules every tool of the server.</summary>
internal static class ToolFamilies
{
    /// <summary>True when a rule naming <paramref name="ruleTool"/> applies to <paramref name="call"/>.</summary>
    public static bool Covers(string ruleTool, PermissionCall call)
    {
        if (call.IsGovernedBy(ruleTool))
        {
            return true;
        }

        var tool = call.Name;
        if (!tool.StartsWith("mcp__", StringComparison.Ordinal) || !ruleTool.StartsWith("mcp__", StringComparison.Ordinal))
        {
            return false;
        }

        // mcp__* covers every MCP tool; mcp__server covers mcp__server__anything.
        return ruleTool == "mcp__*"
            || (tool.StartsWith(ruleTool, StringComparison.Ordinal) && tool.AsSpan(ruleTool.Length).StartsWith("__", StringComparison.Ordinal));
    }
}
