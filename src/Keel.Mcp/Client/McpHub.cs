using Keel.Core.Commands;
using Keel.Core.Tools;
using Keel.Mcp.Config;

namespace Keel.Mcp.Client;

/// <summary>
/// A session's MCP servers. <see cref="Start"/> launches every server in parallel and returns at
/// once; <see cref="WaitForStartupAsync"/> is awaited before the first model request, bounded by the
/// startup timeout. Tool policy (kept byte-stable for prompt caching): the tool list is taken once,
/// after that wait; a server still starting then is left out for the session and reported.
/// </summary>
public sealed class McpHub : IAsyncDisposable
{
    private readonly Task _startup;
    private readonly McpHubOptions _options;
    private readonly Lock _gate = new();
    private List<McpServerConnection> _servers;
    private Action<McpServerConnection>? _stopped;
    private Action<McpServerConnection>? _toolsChanged;

    private McpHub(List<McpServerConnection> servers, McpHubOptions options, Task startup)
    {
        _servers = servers;
        _options = options;
        _startup = startup;
    }

    /// <summary>A snapshot: an SDK host may add or remove servers while the session runs.</summary>
    public IReadOnlyList<McpServerConnection> Servers => Volatile.Read(ref _servers);

    public static McpHub Start(IReadOnlyList<McpServerConfig> configs, McpHubOptions options, CancellationToken cancellationToken = default)
    {
        var servers = configs.Select(c => new McpServerConnection(c, options)).ToList();
        var startup = servers.Count == 0
            ? Task.CompletedTask
            : Task.WhenAll(servers.Select(s => Task.Run(() => s.StartAsync(cancellationToken), CancellationToken.None)));
        return new McpHub(servers, options, startup);
    }

    /// <summary>Waits for every server to connect or fail, at most the startup timeout.</summary>
    /// <summary>Adds (or replaces) a server while the session runs (an SDK host's <c>mcp_set_servers</c>) and waits for it to connect or fail.</summary>
    public async Task<McpServerConnection> AddAsync(McpServerConfig config, CancellationToken cancellationToken = default)
    {
        var server = new McpServerConnection(config, _options) { Stopped = _stopped, ToolsChanged = _toolsChanged };
        McpServerConnection? replaced;
        lock (_gate)
        {
            replaced = _servers.FirstOrDefault(s => s.Name == config.Name);
            Volatile.Write(ref _servers, [.. _servers.Where(s => s.Name != config.Name), server]);
        }

        if (replaced is not null)
        {
            await replaced.DisposeAsync().ConfigureAwait(false);
        }

        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Stops and forgets a server (its tools then fail with "not running"); false when there is none of that name.</summary>
    public async Task<bool> RemoveAsync(string name)
    {
        McpServerConnection? removed;
        lock (_gate)
        {
            removed = _servers.FirstOrDefault(s => s.Name == name);
            Volatile.Write(ref _servers, [.. _servers.Where(s => s.Name != name)]);
        }

        if (removed is not null)
        {
            await removed.DisposeAsync().ConfigureAwait(false);
        }

        return removed is not null;
    }

    public async Task WaitForStartupAsync(CancellationToken cancellationToken = default)
    {
        if (_startup.IsCompleted)
        {
            return;
        }

        try
        {
            await _startup.WaitAsync(_options.StartupTimeout + TimeSpan.FromSeconds(1), _options.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Each connection times itself out too; whatever is still pending is reported as such.
        }
    }

    /// <summary>Tools of the connected servers, sorted by name, plus the resource tools when any server has resources.</summary>
    public IReadOnlyList<ITool> CreateTools()
    {
        var connected = Servers.Where(static s => s.State == McpServerState.Connected).ToList();
        var tools = new List<ITool>();
        foreach (var server in connected)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tool in server.Tools)
            {
                var adapter = new McpToolAdapter(server, tool, _options);
                if (seen.Add(adapter.Name))
                {
                    tools.Add(adapter);
                }
            }
        }

        tools.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        if (connected.Any(static s => s.SupportsResources))
        {
            tools.Insert(0, new ReadMcpResourceTool(connected, _options.MaxOutputChars));
            tools.Insert(0, new ListMcpResourcesTool(connected));
        }

        return tools;
    }

    /// <summary>Server prompts as slash commands.</summary>
    public IReadOnlyList<ISlashCommand> CreateCommands() =>
        [.. Servers.Where(static s => s.State == McpServerState.Connected)
            .SelectMany(s => s.Prompts.Select(p => (ISlashCommand)new McpPromptCommand(s, p)))
            .OrderBy(static c => c.Name, StringComparer.Ordinal)];

    public IReadOnlyList<McpServerStatus> Status() => [.. Servers.Select(static s => s.Status())];

    /// <summary>User-readable lines for servers that did not connect.</summary>
    public IReadOnlyList<string> Problems() =>
        [.. Servers.Where(static s => s.State is McpServerState.Pending or McpServerState.Failed or McpServerState.NeedsAuthentication).Select(static s => s.State switch
        {
            McpServerState.Pending => $"MCP server \"{s.Name}\" is still starting; its tools are not available in this session.",
            McpServerState.NeedsAuthentication => $"MCP server \"{s.Name}\" needs authentication: {s.Error}; its tools are not available in this session.",
            _ => $"MCP server \"{s.Name}\" failed to start: {s.Error}",
        })];

    /// <summary>Called once for each server that stops during the session.</summary>
    public void OnServerStopped(Action<McpServerConnection> handler)
    {
        _stopped = handler;
        foreach (var server in Servers)
        {
            server.Stopped = handler;
        }
    }

    /// <summary>Called when a server's tool list changed (tools/list_changed, or it came back after a reconnection).</summary>
    public void OnToolsChanged(Action<McpServerConnection> handler)
    {
        _toolsChanged = handler;
        foreach (var server in Servers)
        {
            server.ToolsChanged = handler;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Servers.Select(static s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
