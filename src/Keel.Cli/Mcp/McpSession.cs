using System.Text.Json;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Commands;
using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Core.Tools;
using Keel.Mcp.Client;
using Keel.Mcp.Config;

namespace Keel.Cli.Mcp;

/// <summary>
/// A session's MCP side: loads the configured servers and starts them in the background while the
/// rest of the session is composed; <see cref="ToolsAsync"/> waits (bounded by MCP_TIMEOUT) and fixes the
/// tool list for the whole session, so the request prefix stays byte-stable for prompt caching.
/// </summary>
public sealed class McpSession : IAsyncDisposable
{
    // Servers an SDK host's mcp_set_servers manages (named by a call, or in-process ones), with the entry they came from.
    private readonly Dictionary<string, string> _hostEntries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changing = new(1, 1);
    private readonly Func<string, string?> _getEnv;
    private readonly Lock _refreshGate = new();
    private IReadOnlyList<ITool>? _tools;

    private McpSession(McpHub hub, McpLoadResult loaded, Func<string, string?> getEnv)
    {
        Hub = hub;
        Loaded = loaded;
        _getEnv = getEnv;
        foreach (var server in loaded.Servers.Where(static s => s.IsSdk))
        {
            _hostEntries[server.Name] = SdkEntry;
        }
    }

    private const string SdkEntry = "sdk";

    public McpHub Hub { get; }

    public McpLoadResult Loaded { get; }

    /// <summary>The session's shared tool list, once composed: where tool changes of running servers go.</summary>
    public LiveToolList? Live { get; set; }

    /// <summary>The policy's catalog, where tools of servers added later are registered (rules and kinds find them).</summary>
    public ToolCatalog? Catalog { get; set; }

    /// <summary>The session's deferred tools: refreshed MCP tools are deferred like the ones offered at start.</summary>
    public Keel.Core.Tools.Deferral.DeferredTools? Deferred { get; set; }

    /// <summary>Server prompts as commands, plus <c>/mcp</c> (status); valid after <see cref="ToolsAsync"/>.</summary>
    public IReadOnlyList<ISlashCommand> Commands { get; private set; } = [];

    /// <summary>Loads and starts the servers (no work at all when none are configured).</summary>
    public static (McpSession? Session, string? Error) Start(CliOptions options, KeelEnvironment env, LoadedSettings settings, string cwd, string configDir, string sessionDirectory, ICollection<string> warnings, HostAdditions? host = null)
    {
        var files = new McpConfigFiles(ProjectRoot.Find(cwd), configDir) { ClaudeUserFile = McpConfigFiles.ClaudeFileIn(env.GetEnv("HOME")) };
        var loaded = McpConfigLoader.Load(files, settings, options.McpConfigs, options.StrictMcpConfig, cwd, env.GetEnv);
        if (loaded.Error is not null)
        {
            return (null, loaded.Error);
        }

        if (host is { SdkMcpServers.Count: > 0 })
        {
            // The host's in-process servers replace configured ones of the same name.
            var names = host.SdkMcpServers.ToHashSet(StringComparer.Ordinal);
            loaded = loaded with { Servers = [.. loaded.Servers.Where(s => !names.Contains(s.Name)), .. host.SdkMcpServers.Select(McpServerConfig.Sdk)] };
        }

        foreach (var notice in loaded.Notices)
        {
            warnings.Add(notice);
        }

        var hubOptions = new McpHubOptions(files.ProjectDirectory, sessionDirectory, env.Time).WithEnvironment(env.GetEnv) with
        {
            SdkTransport = host?.SdkMcpTransport,
            Auth = new Keel.Mcp.Auth.McpAuth(McpCommand.TokenStore(files.KeelConfigDirectory)),
        };
        return (new McpSession(McpHub.Start(loaded.Servers, hubOptions), loaded, env.GetEnv), null);
    }

    /// <summary>The MCP tools of the session, after waiting for startup; failures are added to <paramref name="warnings"/>.</summary>
    public async Task<IReadOnlyList<ITool>> ToolsAsync(ICollection<string> warnings)
    {
        if (_tools is not null)
        {
            return _tools;
        }

        if (Hub.Servers.Count > 0)
        {
            await Hub.WaitForStartupAsync();
            foreach (var problem in Hub.Problems())
            {
                warnings.Add(problem);
            }
        }

        _tools = Hub.CreateTools();
        Commands = [new McpStatusCommand(Hub), .. Hub.CreateCommands()];
        return _tools;
    }

    /// <summary>
    /// The prompter for <c>--permission-prompt-tool mcp__server__tool</c>, or the given one when the flag
    /// names no MCP tool (null: a person answers); an error when the named tool is not available.
    /// </summary>
    public (IPermissionPrompter? Prompter, string? Error) Prompter(string? promptTool, IPermissionPrompter? fallback, ToolSession session)
    {
        if (promptTool is null || !promptTool.StartsWith(McpNames.Prefix, StringComparison.Ordinal))
        {
            return (fallback, null);
        }

        var tool = _tools?.FirstOrDefault(t => t.Name == promptTool);
        if (tool is null)
        {
            var status = Hub.Problems();
            return (null, $"--permission-prompt-tool {promptTool}: no connected MCP server offers that tool.{(status.Count > 0 ? " " + string.Join(" ", status) : string.Empty)}");
        }

        return (new McpPermissionPrompter(tool, session), null);
    }

    /// <summary>
    /// Offers the tools of the servers connected now in place of the MCP tools offered so far (a server added,
    /// removed, reconnected or turned off while the session runs). The model sees the new list from its next request.
    /// </summary>
    public void RefreshTools()
    {
        if (Live is not { } live)
        {
            return;
        }

        // Host requests and servers' own list changes may arrive together.
        lock (_refreshGate)
        {
            var previous = (_tools ?? []).ToHashSet();
            var current = Hub.CreateTools();
            Catalog?.Register(current);
            // Deferral first, so the loop's rebuilt list keeps new deferrable tools out of the cached prefix.
            Deferred?.Replace(previous.Contains, current);
            live.Change(previous.Contains, current);
            _tools = current;
        }
    }

    /// <summary>
    /// An SDK host's <c>mcp_set_servers</c>: the servers it names replace the ones it manages (those an earlier call
    /// named, and in-process ones); a server whose entry is unchanged stays connected, others connect now (or in the
    /// background when asked). Servers from config files stay unless a call named them. The tool list follows.
    /// </summary>
    public async Task<McpServersChanged> SetServersAsync(JsonElement servers, bool inBackground)
    {
        await _changing.WaitAsync();
        try
        {
            var added = new List<string>();
            var removed = new List<string>();
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var wanted = new Dictionary<string, (McpServerConfig Config, string Entry)>(StringComparer.Ordinal);
            foreach (var property in servers.ValueKind == JsonValueKind.Object ? [.. servers.EnumerateObject()] : Array.Empty<JsonProperty>())
            {
                var entry = property.Value.GetRawText();
                var isSdk = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "sdk";
                var (config, error) = isSdk
                    ? (McpServerConfig.Sdk(property.Name), null)
                    : McpConfigParser.ParseEntry(property.Name, property.Value, "dynamic", "mcp_set_servers", _getEnv);
                if (config is null)
                {
                    errors[property.Name] = error ?? "the entry is not a server";
                    continue;
                }

                wanted[property.Name] = (config, isSdk ? SdkEntry : entry);
            }

            foreach (var name in _hostEntries.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
            {
                _hostEntries.Remove(name);
                if (await Hub.RemoveAsync(name))
                {
                    removed.Add(name);
                }
            }

            var starting = new List<Task>();
            foreach (var (name, (config, entry)) in wanted)
            {
                var existing = Hub.Servers.FirstOrDefault(s => s.Name == name);
                var unchanged = existing is not null && (_hostEntries.TryGetValue(name, out var before) ? before == entry : existing.Config.Describe() == config.Describe());
                _hostEntries[name] = entry;
                if (unchanged)
                {
                    continue;
                }

                added.Add(name);
                var connecting = Hub.AddAsync(config);
                starting.Add(inBackground ? ConnectLaterAsync(connecting) : connecting);
            }

            if (!inBackground)
            {
                await Task.WhenAll(starting);
                foreach (var server in Hub.Servers.Where(s => added.Contains(s.Name) && s.State != McpServerState.Connected))
                {
                    errors[server.Name] = server.Error ?? "did not connect";
                }
            }

            RefreshTools();
            return new McpServersChanged(added, removed, errors);
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary><c>mcp_reconnect</c>, or <c>mcp_toggle</c> on (null: an error says why it did not connect) or off.</summary>
    public async Task<string?> ChangeServerAsync(string? name, bool enable)
    {
        if (Hub.Servers.FirstOrDefault(s => s.Name == name) is not { } server)
        {
            return $"no MCP server named '{name}' in this session";
        }

        await _changing.WaitAsync();
        try
        {
            if (enable)
            {
                await server.RestartAsync(CancellationToken.None);
            }
            else
            {
                await server.DisableAsync();
            }

            RefreshTools();
        }
        finally
        {
            _changing.Release();
        }

        return enable && server.State != McpServerState.Connected ? $"MCP server '{name}' did not connect: {server.Error}" : null;
    }

    private async Task ConnectLaterAsync(Task<McpServerConnection> connecting)
    {
        await connecting;
        await _changing.WaitAsync();
        try
        {
            RefreshTools();
        }
        finally
        {
            _changing.Release();
        }
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
