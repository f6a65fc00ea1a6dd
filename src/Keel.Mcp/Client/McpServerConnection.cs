using Keel.Mcp.Config;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Keel.Mcp.Client;

/// <summary>
/// One server for the life of a session: starts it, lists what it offers, and notices when it
/// stops. Failures become <see cref="McpServerState.Failed"/> with a message, never exceptions.
/// stdio servers' stderr goes to a log file (its last lines also explain a failure).
/// </summary>
public sealed class McpServerConnection : IAsyncDisposable
{
    private const int StderrTailLines = 10;
    private readonly McpHubOptions _options;
    private readonly Queue<string> _stderrTail = new();
    private readonly Lock _gate = new();
    private McpClient? _client;
    private StreamWriter? _log;
    private volatile bool _disposed;

    public McpServerConnection(McpServerConfig config, McpHubOptions options)
    {
        Config = config;
        _options = options;
    }

    public McpServerConfig Config { get; }

    public string Name => Config.Name;

    public McpServerState State { get; private set; } = McpServerState.Pending;

    public string? Error { get; private set; }

    public IReadOnlyList<Tool> Tools { get; private set; } = [];

    public IReadOnlyList<Prompt> Prompts { get; private set; } = [];

    public IReadOnlyList<Resource> Resources { get; private set; } = [];

    public bool SupportsResources { get; private set; }

    /// <summary>Where a stdio server's stderr is written; null for remote servers.</summary>
    public string? LogPath { get; private set; }

    /// <summary>Raised once when a connected server stops or fails after startup.</summary>
    public Action<McpServerConnection>? Stopped { get; set; }

    /// <summary>The live client, or null with a model-readable reason.</summary>
    public (McpClient? Client, string? Problem) Live() => State == McpServerState.Connected && _client is { } client
        ? (client, null)
        : (null, State == McpServerState.Pending
            ? $"MCP server \"{Name}\" is still starting."
            : $"MCP server \"{Name}\" is not running{(Error is null ? "." : $": {Error}")}");

    public McpServerStatus Status() => new(Name, Config.Scope, Config.Describe(), State, Error, Tools.Count, Prompts.Count, Resources.Count);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.StartupTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var transport = new DiscoverFallbackTransport(CreateTransport());
            var client = await McpClient.CreateAsync(transport, ClientOptions(), loggerFactory: null, linked.Token).ConfigureAwait(false);
            _client = client;
            var capabilities = client.ServerCapabilities;
            if (capabilities?.Tools is not null)
            {
                Tools = [.. (await client.ListToolsAsync(cancellationToken: linked.Token).ConfigureAwait(false)).Select(static t => t.ProtocolTool)];
            }

            if (capabilities?.Prompts is not null)
            {
                Prompts = [.. (await client.ListPromptsAsync(cancellationToken: linked.Token).ConfigureAwait(false)).Select(static p => p.ProtocolPrompt)];
            }

            if (capabilities?.Resources is not null)
            {
                SupportsResources = true;
                Resources = [.. (await client.ListResourcesAsync(cancellationToken: linked.Token).ConfigureAwait(false)).Select(static r => r.ProtocolResource)];
            }

            State = McpServerState.Connected;
            _ = WatchAsync(client);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Fail($"did not finish starting within {_options.StartupTimeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            Fail("startup was cancelled");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fail(Describe(ex));
        }
    }

    /// <summary>Stops the server at its host's request; its tools fail until <see cref="RestartAsync"/>.</summary>
    public async Task DisableAsync()
    {
        var client = _client;
        _client = null;
        State = McpServerState.Disabled;
        Error = "turned off by the SDK host";
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Connects again (a failed, stopped or turned-off server); a running one is restarted.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var old = _client;
        _client = null;
        State = McpServerState.Pending;
        Error = null;
        if (old is not null)
        {
            try
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The old connection is going away either way.
            }
        }

        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WatchAsync(McpClient client)
    {
        string reason;
        try
        {
            var details = await client.Completion.ConfigureAwait(false);
            reason = details switch
            {
                StdioClientCompletionDetails { ExitCode: { } code } => $"the process exited with code {code}",
                { Exception: { } ex } => Describe(ex),
                _ => "the connection closed",
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            reason = Describe(ex);
        }

        if (State == McpServerState.Connected && !_disposed && ReferenceEquals(client, _client))
        {
            Fail(reason);
            Stopped?.Invoke(this);
        }
    }

    private void Fail(string reason)
    {
        var tail = StderrTail();
        Error = tail.Length > 0 ? $"{reason} (stderr: {tail})" : reason;
        State = McpServerState.Failed;
    }

    private IClientTransport CreateTransport()
    {
        if (Config.IsSdk)
        {
            return _options.SdkTransport?.Invoke(Name) ?? throw new InvalidOperationException("in-process servers run only under an SDK host");
        }

        if (!Config.IsStdio)
        {
            return new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(Config.Url!),
                Name = Name,
                TransportMode = Config.Transport == "sse" ? HttpTransportMode.Sse : HttpTransportMode.AutoDetect,
                AdditionalHeaders = new Dictionary<string, string>(Config.Headers, StringComparer.OrdinalIgnoreCase),
                ConnectionTimeout = _options.StartupTimeout,
            }, loggerFactory: null);
        }

        Directory.CreateDirectory(_options.LogDirectory);
        LogPath = Path.Combine(_options.LogDirectory, $"mcp-{McpNames.Sanitize(Name)}.log");
        _log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["KEEL_PROJECT_DIR"] = _options.ProjectDirectory,
            ["CLAUDE_PROJECT_DIR"] = _options.ProjectDirectory,
        };
        foreach (var (key, value) in Config.Env)
        {
            env[key] = value;
        }

        return new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = Config.Command!,
            Arguments = [.. Config.Args],
            Name = Name,
            WorkingDirectory = Config.Cwd is { } cwd ? Path.GetFullPath(cwd, _options.ProjectDirectory) : _options.ProjectDirectory,
            EnvironmentVariables = env,
            StandardErrorLines = OnStderr,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        }, loggerFactory: null);
    }

    private static McpClientOptions ClientOptions() => new()
    {
        ClientInfo = new Implementation { Name = "keel", Version = typeof(McpServerConnection).Assembly.GetName().Version?.ToString(3) ?? "0.1.0" },
    };

    private void OnStderr(string line)
    {
        lock (_gate)
        {
            _stderrTail.Enqueue(line);
            while (_stderrTail.Count > StderrTailLines)
            {
                _stderrTail.Dequeue();
            }

            try
            {
                _log?.WriteLine(line);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The log is a convenience; a full disk must not take the server down with it.
            }
        }
    }

    private string StderrTail()
    {
        lock (_gate)
        {
            return string.Join(" | ", _stderrTail.Where(static l => l.Length > 0).TakeLast(3));
        }
    }

    internal static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is { } next && inner is AggregateException or ModelContextProtocol.McpException or HttpRequestException)
        {
            inner = next;
        }

        return inner == ex ? ex.Message : $"{ex.Message} ({inner.Message})";
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_client is { } client)
        {
            try
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Shutting down a broken server must not fail the session's end.
            }
        }

        lock (_gate)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}
