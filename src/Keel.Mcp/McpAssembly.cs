namespace Keel.Mcp;

/// <summary>Marks the MCP assembly (client connections, tool adapters and <c>keel mcp serve</c> live here).</summary>
public static class McpAssembly
{
    public const string Name = "Keel.Mcp";
}
