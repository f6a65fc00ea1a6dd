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

    // Cancelled when the session ends or someone restarts or turns the server off: stops a reconnection loop.
    private CancellationTokenSource _lifetime = new();
    private Task _reconnecting = Task.CompletedTask;
    private Task _listing = Task.CompletedTask;
    private Auth.McpFileTokenCache? _tokens;

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

    /// <summary>Raised when a connected server stops or fails after startup (before reconnection is tried).</summary>
    public Action<McpServerConnection>? Stopped { get; set; }

    /// <summary>Raised when the server's tool list changed: it said so (tools/list_changed), or it came back after a reconnection.</summary>
    public Action<McpServerConnection>? ToolsChanged { get; set; }

    /// <summary>The live client, or null with a model-readable reason.</summary>
    public (McpClient? Client, string? Problem) Live() => State == McpServerState.Connected && _client is { } client
        ? (client, null)
        : (null, State == McpServerState.Pending
            ? $"MCP server \"{Name}\" is still starting."
            : $"MCP server \"{Name}\" is not running{(Error is null ? "." : $": {Error}")}");

    /// <summary>
    /// The live client; while a stopped server is being reconnected, waits for that to finish (a tool call made
    /// right after a crash then reaches the restarted server instead of failing).
    /// </summary>
    public async Task<(McpClient? Client, string? Problem)> LiveAsync(CancellationToken cancellationToken)
    {
        if (State == McpServerState.Reconnecting)
        {
            try
            {
                await _reconnecting.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The reconnection loop reports through State and Error.
            }
        }

        return Live();
    }

    /// <summary>Whether the server (still) lists this tool.</summary>
    public bool Offers(string toolName) => Tools.Any(t => t.Name == toolName);

    public McpServerStatus Status() => new(Name, Config.Scope, Config.Describe(), State, Error, Tools.Count, Prompts.Count, Resources.Count) { Authenticated = Authenticated };

    /// <summary>Connected with OAuth tokens (from <c>keel mcp login</c>, possibly refreshed since).</summary>
    public bool Authenticated => State == McpServerState.Connected && _tokens?.HasTokens == true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.StartupTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var transport = new ObservedClientTransport(CreateTransport(), OnNotification);
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
            Error = null;
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
        catch (Exception ex) when (ex is not OutOfMemoryException && NeedsAuthentication(ex))
        {
            // Not a failure to retry: someone has to sign in first.
            Error = $"run `keel mcp login {Name}` to sign in";
            State = McpServerState.NeedsAuthentication;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fail(Describe(ex));
        }
    }

    /// <summary>The remote server refused for want of OAuth (a 401 with no tokens to offer, or a refresh that did not work).</summary>
    private bool NeedsAuthentication(Exception ex)
    {
        if (Config.IsStdio || Config.IsSdk || _options.Auth?.Login is not null)
        {
            return false;
        }

        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is Auth.McpAuthenticationRequiredException or HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized }
                || (e is HttpRequestException && e.Message.Contains("401", StringComparison.Ordinal)))
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(NeedsAuthentication))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Stops the server at its host's request; its tools fail until <see cref="RestartAsync"/>.</summary>
    public async Task DisableAsync()
    {
        StopReconnecting();
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
        StopReconnecting();
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
            if (!Config.IsSdk && _options.ReconnectAttempts > 0)
            {
                State = McpServerState.Reconnecting;
                var lifetime = _lifetime.Token;
                _reconnecting = Task.Run(() => ReconnectAsync(Error!, lifetime), CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Brings a server that stopped back, with backoff (1 s, 2 s, 4 s … capped): at most
    /// <see cref="McpHubOptions.ReconnectAttempts"/> tries, then it stays failed until someone reconnects it.
    /// </summary>
    private async Task ReconnectAsync(string reason, CancellationToken lifetime)
    {
        var old = _client;
        _client = null;
        if (old is not null)
        {
            try
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The old connection is gone either way.
            }
        }

        for (var attempt = 1; attempt <= _options.ReconnectAttempts; attempt++)
        {
            var delay = McpHubOptions.ReconnectDelay(attempt);
            State = McpServerState.Reconnecting;
            Error = $"{reason}; reconnecting (attempt {attempt} of {_options.ReconnectAttempts}, in {delay.TotalSeconds:0.#} s)";
            try
            {
                await Task.Delay(delay, _options.Time, lifetime).ConfigureAwait(false);
                await StartAsync(lifetime).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (lifetime.IsCancellationRequested)
            {
                return;
            }

            if (State == McpServerState.Connected)
            {
                ToolsChanged?.Invoke(this);
                return;
            }

            reason = Error ?? reason;
            State = McpServerState.Reconnecting;
        }

        Error = $"{reason}; gave up after {_options.ReconnectAttempts} reconnection attempts (reconnect it with /mcp or mcp_reconnect)";
        State = McpServerState.Failed;
    }

    private void StopReconnecting()
    {
        var old = _lifetime;
        _lifetime = new CancellationTokenSource();
        old.Cancel();
        old.Dispose();
    }

    /// <summary>
    /// Called in arrival order, before any later answer is handed on: on tools/list_changed the tools are listed again
    /// (off the message loop, which must deliver that listing's answer).
    /// </summary>
    private void OnNotification(string method)
    {
        if (method == NotificationMethods.ToolListChangedNotification)
        {
            var token = _lifetime.Token;
            _listing = Task.Run(() => OnToolsListChangedAsync(token), CancellationToken.None);
        }
    }

    /// <summary>Waits for a tool listing that a tools/list_changed started, so a call that changed the list returns after the new list is known.</summary>
    public async Task ToolListSettledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _listing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // A failed listing keeps the last list.
        }
    }

    /// <summary>tools/list_changed: lists the tools again.</summary>
    private async Task OnToolsListChangedAsync(CancellationToken cancellationToken)
    {
        if (_client is not { } client || State != McpServerState.Connected)
        {
            return;
        }

        try
        {
            Tools = [.. (await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Select(static t => t.ProtocolTool)];
            ToolsChanged?.Invoke(this);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Keep the last list: the server said it changed but could not say how.
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
            var auth = _options.Auth?.For(Config);
            _tokens = auth?.Cache;
            return new HttpClientTransport(new HttpClientTransportOptions
            {
                OAuth = auth?.Options,
                Endpoint = new Uri(Config.Url!),
                Name = Name,
                TransportMode = Config.Transport == "sse" ? HttpTransportMode.Sse : HttpTransportMode.AutoDetect,
                AdditionalHeaders = new Dictionary<string, string>(Config.Headers, StringComparer.OrdinalIgnoreCase),
                ConnectionTimeout = _options.StartupTimeout,
            }, loggerFactory: null);
        }

        Directory.CreateDirectory(_options.LogDirectory);
        LogPath = Path.Combine(_options.LogDirectory, $"mcp-{McpNames.Sanitize(Name)}.log");
        lock (_gate)
        {
            // A restarted server keeps writing to the same log.
            _log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
        }
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
        await _lifetime.CancelAsync().ConfigureAwait(false);
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
