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
    private readonly List<McpServerConnection> _servers;
    private readonly Task _startup;
    private readonly McpHubOptions _options;

    private McpHub(List<McpServerConnection> servers, McpHubOptions options, Task startup)
    {
        _servers = servers;
        _options = options;
        _startup = startup;
    }

    public IReadOnlyList<McpServerConnection> Servers => _servers;

    public static McpHub Start(IReadOnlyList<McpServerConfig> configs, McpHubOptions options, CancellationToken cancellationToken = default)
    {
        var servers = configs.Select(c => new McpServerConnection(c, options)).ToList();
        var startup = servers.Count == 0
            ? Task.CompletedTask
            : Task.WhenAll(servers.Select(s => Task.Run(() => s.StartAsync(cancellationToken), CancellationToken.None)));
        return new McpHub(servers, options, startup);
    }

    /// <summary>Waits for every server to connect or fail, at most the startup timeout.</summary>
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
        var connected = _servers.Where(static s => s.State == McpServerState.Connected).ToList();
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
        [.. _servers.Where(static s => s.State == McpServerState.Connected)
            .SelectMany(s => s.Prompts.Select(p => (ISlashCommand)new McpPromptCommand(s, p)))
            .OrderBy(static c => c.Name, StringComparer.Ordinal)];

    public IReadOnlyList<McpServerStatus> Status() => [.. _servers.Select(static s => s.Status())];

    /// <summary>User-readable lines for servers that did not connect.</summary>
    public IReadOnlyList<string> Problems() =>
        [.. _servers.Where(static s => s.State != McpServerState.Connected).Select(static s => s.State == McpServerState.Pending
            ? $"MCP server \"{s.Name}\" is still starting; its tools are not available in this session."
            : $"MCP server \"{s.Name}\" failed to start: {s.Error}")];

    /// <summary>Called once for each server that stops during the session.</summary>
    public void OnServerStopped(Action<McpServerConnection> handler)
    {
        foreach (var server in _servers)
        {
            server.Stopped = handler;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_servers.Select(static s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
