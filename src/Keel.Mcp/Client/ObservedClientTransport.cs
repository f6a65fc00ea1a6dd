using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Keel.Mcp.Client;

/// <summary>
/// Wraps a server's transport for two things. It reports each notification the server sends, in arrival order
/// (so a tools/list_changed is known before the answer that follows it is handed on). And servers which do not
/// understand the newer <c>server/discover</c> probe still connect.
/// The SDK falls back to <c>initialize</c> when the probe gets an error, but some servers answer every unknown method
/// with an empty success (<c>{}</c>), which the SDK then fails to read as a discover result. Such an answer is
/// turned into "method not found" here, so the SDK takes its fallback path (which also accepts older protocol versions).
/// Everything else passes through untouched, including how the inner transport ended.
/// </summary>
internal sealed class ObservedClientTransport(IClientTransport inner, Action<string> notified) : IClientTransport
{
    private const string DiscoverMethod = "server/discover";
    private const int MethodNotFound = -32601;

    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken).ConfigureAwait(false), notified);

    /// <summary>True when a response to server/discover is not a discover result (no <c>supportedVersions</c> list).</summary>
    internal static bool IsNotADiscoverResult(JsonNode? result) =>
        result is not JsonObject body || body["supportedVersions"] is not JsonArray;

    private sealed class Session : ITransport
    {
        private readonly ITransport _inner;
        private readonly Action<string> _notified;
        private readonly ConcurrentDictionary<RequestId, byte> _probes = new();
        private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public Session(ITransport inner, Action<string> notified)
        {
            _inner = inner;
            _notified = notified;
            _ = PumpAsync();
        }

        public string? SessionId => _inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => _messages.Reader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        {
            if (message is JsonRpcRequest { Method: DiscoverMethod } probe)
            {
                _probes[probe.Id] = 0;
            }

            return _inner.SendMessageAsync(message, cancellationToken);
        }

        private async Task PumpAsync()
        {
            try
            {
                await foreach (var message in _inner.MessageReader.ReadAllAsync().ConfigureAwait(false))
                {
                    if (message is JsonRpcNotification notification)
                    {
                        _notified(notification.Method);
                    }

                    await _messages.Writer.WriteAsync(Rewrite(message)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Reported below from the inner completion itself.
            }

            // The inner completion carries how the transport ended (a stdio server's exit code): pass it on as is.
            try
            {
                await _inner.MessageReader.Completion.ConfigureAwait(false);
                _messages.Writer.TryComplete();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _messages.Writer.TryComplete(ex);
            }
        }

        private JsonRpcMessage Rewrite(JsonRpcMessage message)
        {
            if (message is JsonRpcMessageWithId { Id: var id } withId && _probes.TryRemove(id, out _)
                && withId is JsonRpcResponse response && IsNotADiscoverResult(response.Result))
            {
                return new JsonRpcError
                {
                    Id = id,
                    Error = new JsonRpcErrorDetail { Code = MethodNotFound, Message = "The server answered server/discover with something that is not a discover result." },
                    Context = response.Context,
                };
            }

            return message;
        }

        public async ValueTask DisposeAsync() => await _inner.DisposeAsync().ConfigureAwait(false);
    }
}
