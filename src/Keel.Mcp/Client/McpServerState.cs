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

    /// <summary>A remote server that asked for OAuth, with no (valid) stored tokens: <c>keel mcp login</c> signs in.</summary>
    NeedsAuthentication,

    /// <summary>Turned off by an SDK host (<c>mcp_toggle</c>); its tools are withdrawn until it is turned on.</summary>
    Disabled,
}
