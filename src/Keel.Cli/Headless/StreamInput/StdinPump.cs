using System.Text.Json;
using System.Threading.Channels;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// Reads stdin from the start, even while the session is still being composed: answers to Keel's own control
/// requests and messages of the host's in-process MCP servers are routed at once (composing the session talks to
/// those servers), everything else waits in <see cref="Lines"/> until the session reads it. EOF closes both.
/// </summary>
public sealed class StdinPump(ControlChannel channel, SdkMcpTransport sdkMcp, TextWriter stderr)
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>The lines the session handles (user messages, the host's control requests), in order.</summary>
    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Queues a line read before the pump started.</summary>
    public void Enqueue(string line) => _lines.Writer.TryWrite(line);

    /// <param name="stdin">The host's input.</param>
    /// <param name="pendingFirst">A first read still under way (null when it already ended); its line comes first, its EOF ends the input.</param>
    /// <param name="stop">Ends reading.</param>
    public async Task RunAsync(TextReader stdin, Task<string?>? pendingFirst, CancellationToken stop)
    {
        try
        {
            if (pendingFirst is not null)
            {
                if (await pendingFirst.WaitAsync(stop) is not { } first)
                {
                    return;
                }

                if (!await RouteAsync(first))
                {
                    _lines.Writer.TryWrite(first);
                }
            }

            while (await stdin.ReadLineAsync(stop) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line) && !await RouteAsync(line))
                {
                    _lines.Writer.TryWrite(line);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down; nothing more to read.
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"Warning: reading stdin failed: {ex.Message}");
        }
        finally
        {
            channel.Close();
            _lines.Writer.TryComplete();
        }
    }

    /// <summary>True when the line was a control response or an MCP message, handled here.</summary>
    private async Task<bool> RouteAsync(string line)
    {
        // Cheap pre-check: most lines are user messages and control requests the session reads.
        if (!line.Contains("\"control_response\"", StringComparison.Ordinal) && !line.Contains("\"mcp_message\"", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type == "control_response")
            {
                channel.OnResponse(root);
                return true;
            }

            if (type != "control_request" || !root.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
                || !request.TryGetProperty("subtype", out var subtype) || subtype.GetString() != "mcp_message")
            {
                return false;
            }

            var id = root.TryGetProperty("request_id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : string.Empty;
            var server = request.TryGetProperty("server_name", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : string.Empty;
            if (!request.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                channel.Fail(id, "mcp_message without a message object");
            }
            else if (await sdkMcp.DeliverAsync(server, message.Clone()))
            {
                channel.Succeed(id, w =>
                {
                    w.WriteStartObject("mcp_response");
                    w.WriteString("jsonrpc", "2.0");
                    w.WriteStartObject("result");
                    w.WriteEndObject();
                    w.WriteNumber("id", 0);
                    w.WriteEndObject();
                });
            }
            else
            {
                channel.Fail(id, $"SDK MCP server not found: {server}");
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
