using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Permissions;

namespace Keel.Cli.Acp;

/// <summary>
/// The agent side of ACP: negotiates the protocol version and capabilities, opens (and loads) sessions, and routes
/// each session method to its <see cref="AcpSession"/>. Every session is a Keel session composed for its own
/// working directory with the flags <c>keel acp</c> was started with.
/// </summary>
internal sealed class AcpAgent(AcpConnection rpc, CliOptions options, KeelEnvironment env, TextWriter log) : IAsyncDisposable
{
    /// <summary>The ACP major version Keel speaks.</summary>
    public const int ProtocolVersion = 1;

    private readonly ConcurrentDictionary<string, AcpSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>What the client said it can do (files, terminals) in <c>initialize</c>.</summary>
    public AcpClientCapabilities Client { get; private set; } = AcpClientCapabilities.None;

    public async Task<AcpReply> HandleAsync(string method, JsonElement parameters, CancellationToken cancellationToken) => method switch
    {
        "initialize" => Initialize(parameters),
        "authenticate" => new AcpReply(Empty),
        "session/new" => await OpenAsync(parameters, load: false),
        "session/load" => await OpenAsync(parameters, load: true),
        "session/prompt" => await PromptAsync(parameters, cancellationToken),
        "session/set_mode" => SetMode(parameters),
        _ => throw new AcpException(AcpException.MethodNotFound, $"Method not found: {method}"),
    };

    public void HandleNotification(string method, JsonElement parameters)
    {
        if (method == "session/cancel" && Find(parameters) is { } session)
        {
            session.Cancel();
        }
    }

    private static string Empty => JsonSerializer.Serialize(new AcpEmpty(), AcpJson.Default.AcpEmpty);

    private AcpReply Initialize(JsonElement parameters)
    {
        Client = AcpClientCapabilities.Read(parameters);
        var result = new AcpInitializeResult(
            ProtocolVersion,
            new AcpAgentCapabilities(LoadSession: true, new AcpPromptCapabilities(Image: true, Audio: false, EmbeddedContext: true), new AcpMcpCapabilities(Http: true, Sse: true)),
            [],
            new AcpImplementation("keel", "Keel", KeelVersion.Current));
        return new AcpReply(JsonSerializer.Serialize(result, AcpJson.Default.AcpInitializeResult));
    }

    private async Task<AcpReply> OpenAsync(JsonElement parameters, bool load)
    {
        var cwd = Required(parameters, "cwd");
        if (!Path.IsPathRooted(cwd) || !Directory.Exists(cwd))
        {
            throw new AcpException(AcpException.InvalidParams, $"cwd must be an absolute path to a directory: {cwd}");
        }

        var loadId = load ? Required(parameters, "sessionId") : null;
        var sessionOptions = options with
        {
            Print = false,
            Resume = loadId,
            McpConfigs = [.. options.McpConfigs, .. McpConfig(parameters)],
            AddDirs = [.. options.AddDirs, .. Strings(parameters, "additionalDirectories")],
        };
        var (setup, error) = await SessionBuilder.BuildAsync(sessionOptions, env with { WorkingDirectory = Path.GetFullPath(cwd) }, new SessionSurface(PersonAnswers: true, Continuing: true));
        if (setup is null)
        {
            throw load && error is not null && error.StartsWith("No session found", StringComparison.Ordinal)
                ? new AcpException(AcpException.ResourceNotFound, error, JsonSerializer.Serialize(new AcpSessionRef(loadId!), AcpJson.Default.AcpSessionRef))
                : new AcpException(AcpException.InternalError, error ?? "the session could not be created");
        }

        foreach (var warning in setup.Warnings)
        {
            await log.WriteLineAsync($"Warning: {warning}");
        }

        await foreach (var ignored in Hooks.HeadlessHooks.StartAsync(setup, sessionOptions, log, CancellationToken.None))
        {
            // SessionStart hooks run; what they add reaches the model with the first prompt.
        }

        var session = new AcpSession(rpc, setup, log);
        UseEditor(session, setup, sessionOptions);
        if (_sessions.TryRemove(session.Id, out var previous))
        {
            await previous.DisposeAsync();
        }

        _sessions[session.Id] = session;
        if (load)
        {
            session.Replay();
        }

        session.Start();
        var json = load
            ? JsonSerializer.Serialize(new AcpLoadSessionResult(session.Modes), AcpJson.Default.AcpLoadSessionResult)
            : JsonSerializer.Serialize(new AcpNewSessionResult(session.Id, session.Modes), AcpJson.Default.AcpNewSessionResult);
        return new AcpReply(json, session.AnnounceCommands);
    }

    /// <summary>
    /// What the client offers replaces the local disk and shell behind the same tools and checks: its buffers for
    /// file text, its terminals for commands. Terminals run outside Keel's sandbox, so with sandboxing on (flag or
    /// settings) commands keep running locally inside it: the safer choice wins over showing them in the editor.
    /// </summary>
    private void UseEditor(AcpSession session, SessionSetup setup, CliOptions sessionOptions)
    {
        if (Client.ReadTextFile || Client.WriteTextFile)
        {
            setup.Tools.Files = new AcpWorkspaceFiles(rpc, session.Id, Client);
        }

        if (Client.Terminal && !sessionOptions.Sandbox && setup.Settings.Sandbox.Enabled != true)
        {
            setup.Tools.Terminals = new AcpTerminals(rpc, session.Id, setup.Tools.Time, session.EmbedTerminal);
        }
    }

    private async Task<AcpReply> PromptAsync(JsonElement parameters, CancellationToken cancellationToken)
    {
        var session = Find(parameters) ?? throw UnknownSession(parameters);
        var (message, error) = AcpPromptContent.Read(parameters.TryGetProperty("prompt", out var prompt) ? prompt : default);
        if (message is null)
        {
            throw new AcpException(AcpException.InvalidParams, error!);
        }

        var stopReason = await session.PromptAsync(message, cancellationToken);
        return new AcpReply(JsonSerializer.Serialize(new AcpPromptResult(stopReason), AcpJson.Default.AcpPromptResult));
    }

    private AcpReply SetMode(JsonElement parameters)
    {
        var session = Find(parameters) ?? throw UnknownSession(parameters);
        var modeId = Required(parameters, "modeId");
        var mode = PermissionModes.Parse(modeId) ?? throw new AcpException(AcpException.InvalidParams, $"unknown mode '{modeId}'; use {PermissionModes.AllNames}");
        session.SetMode(mode);
        return new AcpReply(Empty);
    }

    private AcpSession? Find(JsonElement parameters) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("sessionId", out var id) && id.ValueKind == JsonValueKind.String
            ? _sessions.GetValueOrDefault(id.GetString()!)
            : null;

    private static AcpException UnknownSession(JsonElement parameters)
    {
        var id = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("sessionId", out var value) ? value.ToString() : string.Empty;
        return new AcpException(AcpException.ResourceNotFound, $"No session {id} in this connection; create it with session/new or session/load.", JsonSerializer.Serialize(new AcpSessionRef(id), AcpJson.Default.AcpSessionRef));
    }

    private static string Required(JsonElement parameters, string name) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new AcpException(AcpException.InvalidParams, $"missing string parameter '{name}'");

    private static IEnumerable<string> Strings(JsonElement parameters, string name) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(static e => e.ValueKind == JsonValueKind.String).Select(static e => e.GetString()!)]
            : [];

    /// <summary>The client's MCP servers as one <c>--mcp-config</c> document (ACP lists name/value pairs where Keel's config has objects).</summary>
    internal static IEnumerable<string> McpConfig(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty("mcpServers", out var servers) || servers.ValueKind != JsonValueKind.Array || servers.GetArrayLength() == 0)
        {
            return [];
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("mcpServers");
            foreach (var server in servers.EnumerateArray())
            {
                if (server.ValueKind != JsonValueKind.Object || !server.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                w.WriteStartObject(name.GetString()!);
                var type = server.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "stdio";
                w.WriteString("type", type);
                foreach (var field in (string[])["command", "url"])
                {
                    if (server.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        w.WriteString(field, value.GetString());
                    }
                }

                if (server.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
                {
                    w.WritePropertyName("args");
                    args.WriteTo(w);
                }

                WritePairs(w, server, "env", "env");
                WritePairs(w, server, "headers", "headers");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return [Encoding.UTF8.GetString(buffer.WrittenSpan)];
    }

    private static void WritePairs(Utf8JsonWriter w, JsonElement server, string from, string to)
    {
        if (!server.TryGetProperty(from, out var pairs) || pairs.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        w.WriteStartObject(to);
        foreach (var pair in pairs.EnumerateArray())
        {
            if (pair.ValueKind == JsonValueKind.Object && pair.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                && pair.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
            {
                w.WriteString(n.GetString()!, v.GetString());
            }
        }

        w.WriteEndObject();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.DisposeAsync();
        }

        _sessions.Clear();
    }
}
