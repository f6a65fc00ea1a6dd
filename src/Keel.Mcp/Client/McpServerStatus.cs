namespace Keel.Mcp.Client;

/// <summary>One server's line in <c>/mcp</c>, <c>keel mcp list</c> and stream-json's init message.</summary>
public sealed record McpServerStatus(string Name, string Scope, string Target, McpServerState State, string? Error, int ToolCount, int PromptCount, int ResourceCount)
{
    /// <summary>The status word stream-json and SDK hosts expect: connected, pending (also while reconnecting), failed, needs-auth or disabled.</summary>
    public string StateName => State switch
    {
        McpServerState.Connected => "connected",
        McpServerState.Pending or McpServerState.Reconnecting => "pending",
        McpServerState.Disabled => "disabled",
        McpServerState.NeedsAuthentication => "needs-auth",
        _ => "failed",
    };

    /// <summary>The word a person reads in <c>/mcp</c>.</summary>
    public string DisplayName => State switch
    {
        McpServerState.Reconnecting => "reconnecting",
        McpServerState.NeedsAuthentication => "needs authentication",
        McpServerState.Connected when Authenticated => "connected, authenticated",
        _ => StateName,
    };

    /// <summary>The server is reached with OAuth tokens Keel stored for it.</summary>
    public bool Authenticated { get; init; }
}
