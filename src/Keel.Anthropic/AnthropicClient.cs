using System.Buffers;
using System.Runtime.CompilerServices;
using Keel.Anthropic.Http;
using Keel.Anthropic.Wire;
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
    private readonly IWireProtocol _protocol;
    private readonly TimeProvider _timeProvider;
    private readonly bool _ownsHttpClient;
    private HttpClient? _httpClient;

    public AnthropicClient(AnthropicOptions options, TimeProvider? timeProvider = null)
        : this(options, new AnthropicProtocol(options), timeProvider)
    {
    }

    /// <summary>Uses a caller-owned client, e.g. one from <see cref="AnthropicHttp.CreateHttpClient"/> shared by several model clients.</summary>
    public AnthropicClient(AnthropicOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        _options = options;
        _protocol = new AnthropicProtocol(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _httpClient = httpClient;
    }

    /// <summary>
    /// Another provider's wire format over the same transport: <paramref name="options"/> supplies the
    /// timeouts and user agent, <paramref name="protocol"/> the request and the stream decoding.
    /// </summary>
    public AnthropicClient(AnthropicOptions options, IWireProtocol protocol, TimeProvider? timeProvider = null)
    {
        _options = options;
        _protocol = protocol;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownsHttpClient = true;
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

    public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var message = await _protocol.CreateRequestAsync(request, cancellationToken);
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var call = new CallState(idle, linked.Token, cancellationToken);

        using var response = await SendAsync(message, call);
        call.RequestId = AnthropicHttp.GetRequestId(response);
        yield return new ResponseStartedEvent(call.RequestId);

        await using var stream = await OpenBodyAsync(response, call);
        using var decoder = _protocol.CreateDecoder();
        var decoded = new List<ModelStreamEvent>();
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            while (true)
            {
                var read = await ReadAsync(stream, buffer, call);
                if (read == 0)
                {
                    decoder.Complete(decoded);
                }
                else
                {
                    decoder.Feed(buffer.AsSpan(0, read), decoded);
                }

                for (var i = 0; i < decoded.Count; i++)
                {
                    var streamEvent = Check(decoded[i], call.RequestId);
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

                decoded.Clear();
                if (decoder.Failure is { } failure)
                {
                    throw new ModelCallException(_protocol.Classify(failure.Error with { RequestId = failure.Error.RequestId ?? call.RequestId }, null), failure.InnerException);
                }

                if (read == 0)
                {
                    throw new ModelCallException(_protocol.Classify(new ModelError(ModelErrorKind.Connection, "stream ended before message_stop", RequestId: call.RequestId), null));
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

    /// <summary>An in-stream error event ends the call; everything else passes through.</summary>
    private ModelStreamEvent Check(ModelStreamEvent streamEvent, string? requestId)
    {
        if (streamEvent is StreamErrorEvent error)
        {
            var status = error.ErrorType switch
            {
                "overloaded_error" => 529,
                "api_error" => 500,
                _ => (int?)null,
            };
            var text = error.Message.Length > 0 ? error.Message : error.ErrorType;
            throw new ModelCallException(_protocol.Classify(new ModelError(ModelErrorKind.StreamError, text, status, error.ErrorType, requestId), null));
        }

        return streamEvent;
    }
}
