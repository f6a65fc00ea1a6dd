namespace Keel.Mcp.Config;

/// <summary>
/// One configured MCP server, after <c>${VAR}</c> expansion. <see cref="Transport"/> is <c>stdio</c>,
/// <c>http</c> (streamable HTTP, falling back to SSE) or <c>sse</c>.
/// </summary>
/// <param name="Scope">Where it came from: <c>local</c>, <c>project</c>, <c>user</c>, <c>settings</c> or <c>flag</c>.</param>
/// <param name="Origin">The file (or <c>--mcp-config</c>) it was read from, for messages.</param>
public sealed record McpServerConfig(
    string Name,
    string Transport,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string? Cwd,
    string? Url,
    IReadOnlyDictionary<string, string> Headers,
    string Scope,
    string Origin)
{
    /// <summary>Variables referenced without a default that were not set (left literally in place).</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    public bool IsStdio => Transport == "stdio";

    /// <summary>An SDK host's in-process server: its messages travel as <c>mcp_message</c> control requests.</summary>
    public bool IsSdk => Transport == "sdk";

    /// <summary>The entry for an SDK host's in-process server.</summary>
    public static McpServerConfig Sdk(string name) =>
        new(name, "sdk", null, [], new Dictionary<string, string>(StringComparer.Ordinal), null, null, new Dictionary<string, string>(StringComparer.Ordinal), "sdk", "the SDK host");

    /// <summary>A one-line description for <c>keel mcp list</c> and <c>/mcp</c>.</summary>
    public string Describe() => IsStdio
        ? string.Join(' ', new[] { Command ?? string.Empty }.Concat(Args))
        : IsSdk ? "in-process (SDK host)" : $"{Url} ({Transport})";
}
