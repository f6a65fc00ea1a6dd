namespace Keel.Mcp.Client;

public enum McpServerState
{
    /// <summary>Still starting (process launching, handshake under way).</summary>
    Pending,

    Connected,

    /// <summary>Stopped during the session and being started again with backoff; <see cref="McpServerStatus.Error"/> says which attempt.</summary>
    Reconnecting,

    /// <summary>Could not start, or stopped during the session; <see cref="McpServerStatus.Error"/> says why.</summary>
    Failed,

    /// <summary>Turned off by an SDK host (<c>mcp_toggle</c>); its tools are withdrawn until it is turned on.</summary>
    Disabled,
}
