using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Testing.FakeServer;

/// <summary>
/// A Messages API stand-in on 127.0.0.1 that plays scripted responses one per request, injects
/// faults and records every request. Start with <see cref="StartAsync"/>, point a client at
/// <see cref="BaseUrl"/>, queue answers with <see cref="Enqueue"/>.
/// </summary>
public sealed class FakeAnthropicServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private readonly Queue<ScriptedResponse> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private Func<RecordedRequest, ScriptedResponse?>? _responder;
    private ScriptedResponse? _fallback;
    private int _requestCount;
    private int _idCount;
    private readonly PromptCacheModel _cache = new();

    private FakeAnthropicServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public int Port => new Uri(BaseUrl).Port;

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Only the model calls (Messages API, and Bedrock, Vertex and OpenAI-compatible calls).</summary>
    public IReadOnlyList<RecordedRequest> MessageRequests
    {
        get
        {
            lock (_lock)
            {
                return _requests.FindAll(r => r.IsModelCall);
            }
        }
    }

    /// <summary>
    /// When true, a turn without scripted usage reports the prompt cache as <see cref="PromptCacheModel"/> accounted
    /// it (read, written, uncached input); otherwise such turns report 100 uncached input tokens.
    /// </summary>
    public bool ReportCacheUse { get; set; }

    /// <summary>Answers <c>POST /token</c> (an OAuth token endpoint) with this access token; null answers 404.</summary>
    public string? OAuthAccessToken { get; set; }

    /// <summary>Answers the AWS SSO OIDC and portal calls (token refresh, role credentials); null leaves them unrouted.</summary>
    public FakeAwsSso? AwsSso { get; set; }

    /// <summary>Answers <c>GET .../models</c> (an OpenAI-compatible model list) with these ids; null answers 404.</summary>
    public IReadOnlyList<string>? ModelList { get; set; }

    /// <summary>Responses still queued.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _script.Count;
            }
        }
    }

    public static async Task<FakeAnthropicServer> StartAsync(FakeServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeServerOptions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port, listen => listen.Use(next => connection => ConnectionCutter.RunAsync(connection, next)));
        });
        var app = builder.Build();
        var server = new FakeAnthropicServer(app, options.TimeProvider);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    /// <summary>Queues responses; each request consumes the next one.</summary>
    public FakeAnthropicServer Enqueue(params ScriptedResponse[] responses)
    {
        lock (_lock)
        {
            foreach (var response in responses)
            {
                _script.Enqueue(response);
            }
        }

        return this;
    }

    /// <summary>Served whenever the queue is empty (and no responder answered); null removes it.</summary>
    public FakeAnthropicServer SetFallback(ScriptedResponse? response)
    {
        lock (_lock)
        {
            _fallback = response;
        }

        return this;
    }

    /// <summary>Asked when the queue is empty, before the fallback; returning null defers to the fallback.</summary>
    public FakeAnthropicServer SetResponder(Func<RecordedRequest, ScriptedResponse?>? responder)
    {
        lock (_lock)
        {
            _responder = responder;
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        // Tests may stop the server early (a dead server) and dispose it again at the end.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Connections still open after the grace period are dropped by DisposeAsync.
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    internal string NextId(string prefix) =>
        prefix + Interlocked.Increment(ref _idCount).ToString(CultureInfo.InvariantCulture);

    private async Task HandleAsync(HttpContext http)
    {
        var request = await RecordAsync(http);
        if (request.Protocol == WireProtocol.Anthropic)
        {
            request.Cache = _cache.Account(request.Json);
        }

        http.Response.Headers["request-id"] = $"req_fake_{request.Number}";
        if (AwsSso is { } sso && await sso.TryServeAsync(http, request))
        {
            return;
        }

        if (request.Method == "POST" && request.Path == "/token" && OAuthAccessToken is { } token)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync($$"""{"access_token":"{{token}}","expires_in":3599,"token_type":"Bearer"}""", http.RequestAborted);
            return;
        }

        if (request.Method == "GET" && request.Path.EndsWith("/models", StringComparison.Ordinal) && ModelList is { } models)
        {
            http.Response.ContentType = "application/json";
            var data = string.Join(',', models.Select(static m => "{\"id\":\"" + m + "\",\"object\":\"model\"}"));
            await http.Response.WriteAsync("{\"object\":\"list\",\"data\":[" + data + "]}", http.RequestAborted);
            return;
        }

        if (!request.IsModelCall)
        {
            await Fault.Status(404, message: $"fake server: no route for {request.Method} {request.Path}")
                .ServeAsync(Context(http, request));
            return;
        }

        var response = Next(request)
            ?? Fault.Status(500, errorType: "api_error", message: $"fake server: no scripted response left for request #{request.Number}");
        var context = Context(http, request);
        try
        {
            if (response.Gate is { } gate)
            {
                await gate.WaitAsync(context.Cancellation);
            }

            if (!await context.DelayAsync(response.HeaderDelay))
            {
                return;
            }

            await response.ServeAsync(context);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            request.Response ??= new ServedResponse(http.Response.StatusCode, null, [], [], Completed: false);
        }
    }

    private ResponseContext Context(HttpContext http, RecordedRequest request)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        http.Response.RegisterForDispose(linked);
        return new ResponseContext(http, request, this, _time, linked.Token);
    }

    private ScriptedResponse? Next(RecordedRequest request)
    {
        lock (_lock)
        {
            if (_script.TryDequeue(out var queued))
            {
                return queued;
            }

            return _responder?.Invoke(request) ?? _fallback;
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var number = Interlocked.Increment(ref _requestCount);
        var request = new RecordedRequest(
            number,
            http.Request.Method,
            http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : http.Request.Path.Value + http.Request.QueryString.Value,
            headers,
            body.ToArray(),
            _time.GetUtcNow());
        lock (_lock)
        {
            _requests.Add(request);
        }

        return request;
    }
}
