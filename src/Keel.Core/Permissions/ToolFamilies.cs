namespace Keel.Core.Permissions;

/// <summary>Which rules govern which tools: Edit rules cover every editing tool, MCP server rules every tool of the server.</summary>
internal static class ToolFamilies
{
    public static bool IsWriteTool(string tool) => tool is "Edit" or "Write" or "NotebookEdit";

    public static bool IsReadTool(string tool) => tool is "Read" or "Glob" or "Grep";

    /// <summary>True when a rule naming <paramref name="ruleTool"/> applies to a call of <paramref name="tool"/>.</summary>
    public static bool Covers(string ruleTool, string tool)
    {
        if (ruleTool == tool)
        {
            return true;
        }

        if (ruleTool == "Edit" && IsWriteTool(tool))
        {
            return true;
        }

        if (!tool.StartsWith("mcp__", StringComparison.Ordinal) || !ruleTool.StartsWith("mcp__", StringComparison.Ordinal))
        {
            return false;
        }

        // mcp__* covers every MCP tool; mcp__server covers mcp__server__anything.
        return ruleTool == "mcp__*"
            || (tool.StartsWith(ruleTool, StringComparison.Ordinal) && tool.AsSpan(ruleTool.Length).StartsWith("__", StringComparison.Ordinal));
    }
}
