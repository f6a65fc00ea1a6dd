namespace Keel.Core.Hooks;

/// <summary>
/// One configured handler: a shell command, an HTTP endpoint, a connected MCP server's tool (<c>mcp_tool</c>), or a
/// question to a model (<c>prompt</c>) or a subagent (<c>agent</c>).
/// </summary>
/// <param name="Type"><c>command</c>, <c>http</c>, <c>mcp_tool</c>, <c>prompt</c> or <c>agent</c>.</param>
/// <param name="Command">The shell command (type command).</param>
/// <param name="Url">The endpoint (type http).</param>
/// <param name="TimeoutSeconds">The handler's own timeout, or null for the event's default.</param>
/// <param name="If">One permission rule the tool call must match (tool events only).</param>
public sealed record HookHandler(string Type, string? Command, string? Url, int? TimeoutSeconds, string? If)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Environment variables that may be interpolated into <see cref="Headers"/>; no others are.</summary>
    public IReadOnlyList<string> AllowedEnvVars { get; init; } = [];

    /// <summary>Exec form: argv without a shell (type command).</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>The question (type prompt or agent); <c>$ARGUMENTS</c> is replaced by the event's input JSON.</summary>
    public string? Prompt { get; init; }

    /// <summary>The model that answers (type prompt or agent); null: the small fast model.</summary>
    public string? Model { get; init; }

    /// <summary>Runs in the background: the event does not wait for it and its decision is not used.</summary>
    public bool Async { get; init; }

    /// <summary>With <see cref="Async"/>: exit code 2 wakes the model with the hook's stderr.</summary>
    public bool AsyncRewake { get; init; }

    /// <summary>Runs at most once per session.</summary>
    public bool Once { get; init; }

    /// <summary>Shown while the hook runs (the spinner's text; a field of the stream-json hook events).</summary>
    public string? StatusMessage { get; init; }

    /// <summary>The MCP server's name (type mcp_tool).</summary>
    public string? Server { get; init; }

    /// <summary>The server's tool (type mcp_tool).</summary>
    public string? Tool { get; init; }

    /// <summary>The tool's arguments (type mcp_tool); <c>${tool_input.file_path}</c>-style references are filled from the event's input.</summary>
    public System.Text.Json.JsonElement? ToolArguments { get; init; }

    public bool IsHttp => Type == "http";

    public bool IsMcpTool => Type == "mcp_tool";

    /// <summary>Type prompt or agent: a model decides.</summary>
    public bool IsModel => Type is "prompt" or "agent";

    /// <summary>What the logs show: the command, the URL or the question.</summary>
    public string Display => (IsHttp ? Url : IsModel ? $"{Type}: {Prompt}" : IsMcpTool ? $"mcp_tool: {Server}/{Tool}" : Command) ?? string.Empty;

    /// <summary>Two handlers with the same key are the same hook (run once even if several layers list it).</summary>
    public string Key => string.Join('\u001f', Type, Command ?? string.Empty, Url ?? string.Empty, If ?? string.Empty, string.Join('\u001e', Args ?? []), Prompt ?? string.Empty, Server ?? string.Empty, Tool ?? string.Empty, ToolArguments?.GetRawText() ?? string.Empty);
}
