using System.Buffers;
using System.Runtime.CompilerServices;
using Keel.Anthropic.Errors;
using Keel.Anthropic.Http;
using Keel.Anthropic.Requests;
using Keel.Anthropic.Sse;
using Keel.Anthropic.Streaming;
using Keel.Core.Model;

namespace Keel.Anthropic;

/// <summary>
/// <see cref="IModelClient"/> for the Anthropic Messages API, streaming. One attempt per call;
/// retrying is the caller's decision. Construction does no work: the HTTP stack is created on
/// the first call. Safe to share between concurrent calls (subagents).
/// </summary>
public sealed partial class AnthropicClient : IModelClient, IDisposable
{
    private const int ReadBufferSize = 16 * 1024;

    private readonly AnthropicOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly bool _ownsHttpClient;
    private HttpClient? _httpClient;
    private Uri? _endpoint;

    public AnthropicClient(AnthropicOptions options, TimeProvider? timeProvider = null)
    {
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownsHttpClient = true;
    }

    /// <summary>Uses a caller-owned client, e.g. one from <see cref="AnthropicHttp.CreateHttpClient"/> shared by several model clients.</summary>
    public AnthropicClient(AnthropicOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _httpClient = httpClient;
    }

    public AnthropicOptions Options => _options;

    /// <summary>The usual entry point for the CLI and benchmarks: settings from the process environment, no I/O yet.</summary>
    public static AnthropicClient FromEnvironment(TimeProvider? timeProvider = null) =>
        new(AnthropicOptions.FromEnvironment(Environment.GetEnvironmentVariable), timeProvider);

    private HttpClient Http
    {
        get
        {
            var client = Volatile.Read(ref _httpClient);
            if (client is not null)
            {
                return client;
            }

            var created = AnthropicHttp.CreateHttpClient(_options);
            var existing = Interlocked.CompareExchange(ref _httpClient, created, comparand: null);
            if (existing is null)
            {
                return created;
            }

            created.Dispose();
            return existing;
        }
    }

    private Uri Endpoint => _endpoint ??= _options.MessagesEndpoint();

    public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_options.HasCredentials)
        {
            throw new ModelCallException(new ModelError(
                ModelErrorKind.Authentication,
                "No API key configured. Set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN for a bearer token) and try again."));
        }

        var options = _options;
        if (options.Credentials is { } credentials)
        {
            var key = await credentials.GetApiKeyAsync(cancellationToken)
                ?? throw new ModelCallException(new ModelError(ModelErrorKind.Authentication, "The apiKeyHelper command from settings did not print an API key."));
            options = options with { ApiKey = key, AuthToken = null };
        }

        var body = AnthropicRequestWriter.Write(request);
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var call = new CallState(idle, linked.Token, cancellationToken);

        using var message = AnthropicHttp.CreateRequest(options, Endpoint, body);
        using var response = await SendAsync(message, call);
        call.RequestId = AnthropicHttp.GetRequestId(response);
        yield return new ResponseStartedEvent(call.RequestId);

        await using var stream = await OpenBodyAsync(response, call);
        using var parser = new SseParser();
        var parsed = new List<SseEvent>();
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            while (true)
            {
                var read = await ReadAsync(stream, buffer, call);
                if (read == 0)
                {
                    parser.Complete(parsed);
                }
                else
                {
                    parser.Feed(buffer.AsSpan(0, read), parsed);
                }

                for (var i = 0; i < parsed.Count; i++)
                {
                    var streamEvent = Map(parsed[i], call.RequestId);
                    if (streamEvent is not PingEvent)
                    {
                        MarkProgress(call);
                    }

                    yield return streamEvent;

                    // Stop here rather than wait for the server to close: the handler drains the rest
                    // in the background and keeps the connection for the next call.
                    if (streamEvent is MessageStopEvent)
                    {
                        yield break;
                    }
                }

                parsed.Clear();
                if (read == 0)
                {
                    throw new ModelCallException(new ModelError(ModelErrorKind.Connection, "stream ended before message_stop", RequestId: call.RequestId));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            Interlocked.Exchange(ref _httpClient, null)?.Dispose();
        }
    }

    private static ModelStreamEvent Map(SseEvent sse, string? requestId)
    {
        ModelStreamEvent mapped;
        try
        {
            mapped = AnthropicEventMapper.Map(sse);
        }
        catch (ModelCallException ex)
        {
            throw new ModelCallException(ex.Error with { RequestId = requestId }, ex.InnerException);
        }

        if (mapped is StreamErrorEvent error)
        {
            var status = error.ErrorType switch
            {
                "overloaded_error" => 529,
                "api_error" => 500,
                _ => (int?)null,
            };
            var text = error.Message.Length > 0 ? error.Message : error.ErrorType;
            if (QuotaExhaustion.Matches(status, error.ErrorType, errorCode: null, text))
            {
                throw new ModelCallException(new ModelError(ModelErrorKind.QuotaExhausted, QuotaExhaustion.Explain(text), status, error.ErrorType, requestId, ShouldRetry: false));
            }

            throw new ModelCallException(new ModelError(ModelErrorKind.StreamError, text, status, error.ErrorType, requestId));
        }

        return mapped;
    }
}
