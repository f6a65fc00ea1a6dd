namespace Keel.Mcp.Client;

/// <summary>One server's line in <c>/mcp</c>, <c>keel mcp list</c> and stream-json's init message.</summary>
public sealed record McpServerStatus(string Name, string Scope, string Target, McpServerState State, string? Error, int ToolCount, int PromptCount, int ResourceCount)
{
    /// <summary>The status word stream-json and SDK hosts expect: connected, pending, failed or disabled.</summary>
    public string StateName => State switch
    {
        McpServerState.Connected => "connected",
        McpServerState.Pending => "pending",
        McpServerState.Disabled => "disabled",
        _ => "failed",
    };
}
