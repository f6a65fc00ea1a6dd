namespace Keel.Mcp.Client;

/// <summary>
/// How a session runs its servers. <see cref="StartupTimeout"/> bounds both one server's handshake and
/// how long the first request waits for all of them (MCP_TIMEOUT, milliseconds); <see cref="ToolTimeout"/>
/// bounds one tool call (MCP_TOOL_TIMEOUT); <see cref="MaxOutputChars"/> caps a result (MAX_MCP_OUTPUT_TOKENS × 4).
/// </summary>
public sealed record McpHubOptions(string ProjectDirectory, string LogDirectory, TimeProvider Time)
{
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public int MaxOutputChars { get; init; } = 100_000;

    /// <summary>How many times a server that stopped mid-session is started again before it stays failed (0: never).</summary>
    public int ReconnectAttempts { get; init; } = 5;

    /// <summary>The wait before reconnection attempt n (from 1): 1 s doubling each time, at most 30 s.</summary>
    public static TimeSpan ReconnectDelay(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Max(0, attempt - 1))));

    /// <summary>OAuth for remote servers (stored tokens, or <c>keel mcp login</c>'s browser flow); null: none.</summary>
    public Auth.McpAuth? Auth { get; init; }

    /// <summary>Connects a server of transport <c>sdk</c> (an SDK host's in-process server) by name; null: none can run.</summary>
    public Func<string, ModelContextProtocol.Client.IClientTransport>? SdkTransport { get; init; }

    /// <summary>Reads MCP_TIMEOUT, MCP_TOOL_TIMEOUT and MAX_MCP_OUTPUT_TOKENS; bad values keep the defaults.</summary>
    public McpHubOptions WithEnvironment(Func<string, string?> getEnv) => this with
    {
        StartupTimeout = Millis(getEnv("MCP_TIMEOUT")) ?? StartupTimeout,
        ToolTimeout = Millis(getEnv("MCP_TOOL_TIMEOUT")) ?? ToolTimeout,
        MaxOutputChars = int.TryParse(getEnv("MAX_MCP_OUTPUT_TOKENS"), System.Globalization.CultureInfo.InvariantCulture, out var tokens) && tokens > 0
            ? (int)Math.Min(int.MaxValue, tokens * 4L)
            : MaxOutputChars,
    };

    private static TimeSpan? Millis(string? text) =>
        long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;
}
