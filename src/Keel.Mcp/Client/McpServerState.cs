namespace Keel.Mcp.Client;

public enum McpServerState
{
    /// <summary>Still starting (process launching, handshake under way).</summary>
    Pending,

    Connected,

    /// <summary>Could not start, or stopped during the session; <see cref="McpServerStatus.Error"/> says why.</summary>
    Failed,
}
