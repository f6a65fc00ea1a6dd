using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// The MCP client side of an SDK host's in-process servers: each JSON-RPC message Keel's MCP client sends becomes
/// an <c>mcp_message</c> control request, and the host's <c>mcp_response</c> comes back as the server's reply.
/// Messages the host's server starts (list-changed notifications) arrive as <c>mcp_message</c> requests from the host.
/// </summary>
public sealed class SdkMcpTransport(ControlChannel channel)
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageType = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    private ControlChannel Channel => channel;

    /// <summary>The transport for the server named <paramref name="serverName"/>.</summary>
    public IClientTransport For(string serverName) => new ClientTransport(this, serverName);

    /// <summary>A message the host's server sent on its own; false when no such server is connected.</summary>
    public async Task<bool> DeliverAsync(string serverName, JsonElement message)
    {
        if (!_connections.TryGetValue(serverName, out var connection))
        {
            return false;
        }

        if (JsonSerializer.Deserialize(message, MessageType) is { } parsed)
        {
            await connection.ReceiveAsync(parsed);
        }

        return true;
    }

    private sealed class ClientTransport(SdkMcpTransport owner, string serverName) : IClientTransport
    {
        public string Name => serverName;

        public Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
        {
            var connection = new Connection(owner, serverName);
            owner._connections[serverName] = connection;
            return Task.FromResult<ITransport>(connection);
        }
    }

    private sealed class Connection : TransportBase
    {
        private readonly SdkMcpTransport _owner;
        private readonly string _serverName;

        public Connection(SdkMcpTransport owner, string serverName)
            : base(serverName, loggerFactory: null)
        {
            _owner = owner;
            _serverName = serverName;
            SetConnected();
        }

        public Task ReceiveAsync(JsonRpcMessage message) => WriteMessageAsync(message, CancellationToken.None);

        public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        {
            var body = JsonSerializer.SerializeToElement(message, MessageType);
            JsonElement answer;
            try
            {
                answer = await _owner.Channel.RequestAsync(
                    "mcp_message",
                    w =>
                    {
                        w.WriteString("server_name", _serverName);
                        w.WritePropertyName("message");
                        body.WriteTo(w);
                    },
                    cancellationToken);
            }
            catch (ControlRequestFailedException ex) when (message is JsonRpcRequest request)
            {
                // The host could not reach its server: the request fails like any server error.
                await WriteMessageAsync(new JsonRpcError { Id = request.Id, Error = new JsonRpcErrorDetail { Code = -32603, Message = ex.Message } }, cancellationToken);
                return;
            }

            // Only a request has a reply; for a notification the host answers a placeholder.
            if (message is JsonRpcRequest
                && answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("mcp_response", out var reply) && reply.ValueKind == JsonValueKind.Object
                && JsonSerializer.Deserialize(reply, MessageType) is { } parsed)
            {
                await WriteMessageAsync(parsed, cancellationToken);
            }
        }

        public override ValueTask DisposeAsync()
        {
            _owner._connections.TryRemove(new KeyValuePair<string, Connection>(_serverName, this));
            SetDisconnected();
            return ValueTask.CompletedTask;
        }
    }
}
