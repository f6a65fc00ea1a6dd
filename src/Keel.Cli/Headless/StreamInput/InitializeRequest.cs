using System.Text.Json;
using Keel.Cli.Arguments;
using Keel.Core.Hooks;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// The SDK host's <c>initialize</c> control request: what it sends there instead of on argv (system prompt, hooks
/// with callback ids, in-process MCP servers, agents, MCP servers, the output schema, settings). Read before the
/// session is composed, so all of it takes effect from the first turn.
/// </summary>
public sealed record InitializeRequest
{
    /// <summary>The request id to answer.</summary>
    public required string RequestId { get; init; }

    /// <summary>Replaces Keel's built-in instructions; null keeps them (the SDK's "unset" is <c>[""]</c>).</summary>
    public string? SystemPrompt { get; init; }

    public string? AppendSystemPrompt { get; init; }

    /// <summary>Hook matchers whose handlers are host callbacks (<c>hook_callback</c> requests).</summary>
    public IReadOnlyList<HookRegistration> Hooks { get; init; } = [];

    /// <summary>Events named in <c>hooks</c> that Keel has no hook point for.</summary>
    public IReadOnlyList<string> UnknownHookEvents { get; init; } = [];

    /// <summary>Callback ids of matchers with <c>onFailure: "block"</c>: a failed callback blocks instead of being ignored.</summary>
    public IReadOnlySet<string> BlockingCallbackIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Names of the host's in-process MCP servers (reached through <c>mcp_message</c>).</summary>
    public IReadOnlyList<string> SdkMcpServers { get; init; } = [];

    /// <summary><c>mcpServers</c> as an <c>--mcp-config</c> JSON document, or null.</summary>
    public string? McpConfig { get; init; }

    /// <summary>The structured-output schema, or null.</summary>
    public JsonElement? JsonSchema { get; init; }

    /// <summary><c>agents</c> as an <c>--agents</c> JSON object, or null.</summary>
    public string? AgentsJson { get; init; }

    /// <summary><c>settings</c> as inline <c>--settings</c> JSON, or null.</summary>
    public string? SettingsJson { get; init; }

    public string? ManagedSettingsJson { get; init; }

    public IReadOnlyList<string> DisallowedTools { get; init; } = [];

    /// <summary>The skills the session may use (null: all).</summary>
    public IReadOnlyList<string>? Skills { get; init; }

    /// <summary>The request, when <paramref name="line"/> is an <c>initialize</c> control request; else null.</summary>
    public static InitializeRequest? TryRead(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "control_request"
                || !root.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
                || Text(request, "subtype") != "initialize")
            {
                return null;
            }

            return Read(Text(root, "request_id") ?? string.Empty, request);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static InitializeRequest Read(string requestId, JsonElement request)
    {
        var (hooks, unknown, blocking) = ReadHooks(request);
        return new InitializeRequest
        {
            RequestId = requestId,
            SystemPrompt = ReadSystemPrompt(request),
            AppendSystemPrompt = Text(request, "appendSystemPrompt") is { Length: > 0 } append ? append : null,
            Hooks = hooks,
            UnknownHookEvents = unknown,
            BlockingCallbackIds = blocking,
            SdkMcpServers = Strings(request, "sdkMcpServers") ?? [],
            McpConfig = Object(request, "mcpServers") is { } servers ? $$"""{"mcpServers":{{servers.GetRawText()}}}""" : null,
            JsonSchema = Object(request, "jsonSchema") is { } schema ? schema.Clone() : null,
            AgentsJson = Object(request, "agents")?.GetRawText(),
            SettingsJson = Object(request, "settings")?.GetRawText(),
            ManagedSettingsJson = Object(request, "managedSettings")?.GetRawText(),
            DisallowedTools = Strings(request, "disallowedTools") ?? [],
            Skills = Strings(request, "skills"),
        };
    }

    /// <summary>The command line with what this request delivers instead of argv.</summary>
    public CliOptions Apply(CliOptions options)
    {
        var result = options with
        {
            SystemPrompt = SystemPrompt ?? options.SystemPrompt,
            AppendSystemPrompt = AppendSystemPrompt is null ? options.AppendSystemPrompt
                : options.AppendSystemPrompt is null ? AppendSystemPrompt : options.AppendSystemPrompt + "\n\n" + AppendSystemPrompt,
            AgentsJson = AgentsJson ?? options.AgentsJson,
            McpConfigs = McpConfig is null ? options.McpConfigs : [.. options.McpConfigs, McpConfig],
            Settings = SettingsJson ?? options.Settings,
            ManagedSettings = ManagedSettingsJson ?? options.ManagedSettings,
            DisallowedTools = [.. options.DisallowedTools, .. DisallowedTools],
        };
        if (SystemPrompt is not null)
        {
            result = result with { SystemPromptFile = null };
        }

        return result;
    }

    /// <summary>A string or a list of strings (joined as sections); only empty strings means "not given".</summary>
    private static string? ReadSystemPrompt(JsonElement request)
    {
        if (!request.TryGetProperty("systemPrompt", out var prompt))
        {
            return null;
        }

        var parts = prompt.ValueKind switch
        {
            JsonValueKind.String => [prompt.GetString()!],
            JsonValueKind.Array => prompt.EnumerateArray().Where(static p => p.ValueKind == JsonValueKind.String).Select(static p => p.GetString()!).ToList(),
            _ => [],
        };
        var text = string.Join("\n\n", parts.Where(static p => p.Length > 0));
        return text.Length > 0 ? text : null;
    }

    private static (List<HookRegistration> Hooks, List<string> Unknown, HashSet<string> Blocking) ReadHooks(JsonElement request)
    {
        var hooks = new List<HookRegistration>();
        var unknown = new List<string>();
        var blocking = new HashSet<string>(StringComparer.Ordinal);
        if (Object(request, "hooks") is not { } byEvent)
        {
            return (hooks, unknown, blocking);
        }

        foreach (var property in byEvent.EnumerateObject())
        {
            if (!HookEvents.TryParse(property.Name, out var hookEvent))
            {
                unknown.Add(property.Name);
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var matcher in property.Value.EnumerateArray().Where(static m => m.ValueKind == JsonValueKind.Object))
            {
                var blocks = Text(matcher, "onFailure") is "block";
                int? timeout = matcher.TryGetProperty("timeout", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out var seconds) && seconds > 0
                    ? (int)Math.Ceiling(Math.Min(seconds, 86_400))
                    : null;
                foreach (var id in Strings(matcher, "hookCallbackIds") ?? [])
                {
                    if (blocks)
                    {
                        blocking.Add(id);
                    }

                    var handler = new HookHandler(SdkHookExecutor.CallbackType, id, null, timeout, null);
                    hooks.Add(new HookRegistration(hookEvent, Text(matcher, "matcher"), handler, "sdk"));
                }
            }
        }

        return (hooks, unknown, blocking);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? Object(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static List<string>? Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(static v => v.ValueKind == JsonValueKind.String).Select(static v => v.GetString()!)]
            : null;
}
