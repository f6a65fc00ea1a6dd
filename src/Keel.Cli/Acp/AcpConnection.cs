using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Keel.Cli.Acp;

/// <summary>
/// JSON-RPC 2.0 over newline-delimited JSON, both ways: the client's requests and notifications go to the
/// handlers (each request on its own task, so a running prompt never blocks a cancel), and Keel's own requests
/// to the client (permission, files, terminals) wait for the matching response. One writer at a time, one
/// message per line.
/// </summary>
public sealed class AcpConnection(Stream output, TextWriter log)
{
    private readonly Lock _writeGate = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private long _nextId;
    private volatile bool _closed;

    /// <summary>Answers a request: the result as JSON and an action to run once the answer is written; or throws <see cref="AcpException"/>.</summary>
    public Func<string, JsonElement, CancellationToken, Task<AcpReply>> OnRequest { get; set; } = static (method, _, _) => throw new AcpException(AcpException.MethodNotFound, $"Method not found: {method}");

    public Action<string, JsonElement> OnNotification { get; set; } = static (_, _) => { };

    /// <summary>Reads messages until the input ends; pending requests to the client then fail.</summary>
    public async Task RunAsync(TextReader input, CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    running.RemoveAll(static t => t.IsCompleted);
                    running.Add(Dispatch(line, cancellationToken));
                }
            }
        }
        finally
        {
            _closed = true;
            foreach (var waiting in _pending.Values)
            {
                waiting.TrySetException(new IOException("the client closed the connection"));
            }
        }

        await Task.WhenAll(running);
    }

    /// <summary>Sends a request to the client and waits for its result (an <see cref="AcpException"/> when it answers with an error).</summary>
    public async Task<JsonElement> RequestAsync(string method, string paramsJson, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        if (_closed)
        {
            // Nothing will answer: a request made after the client left (a kill or release while shutting down) fails at once.
            answer.TrySetException(new IOException("the client closed the connection"));
        }

        try
        {
            Write(w =>
            {
                w.WriteNumber("id", id);
                w.WriteString("method", method);
                w.WritePropertyName("params");
                w.WriteRawValue(paramsJson, skipInputValidation: true);
            });
            return await answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public void Notify(string method, string paramsJson) => Write(w =>
    {
        w.WriteString("method", method);
        w.WritePropertyName("params");
        w.WriteRawValue(paramsJson, skipInputValidation: true);
    });

    private Task Dispatch(string line, CancellationToken cancellationToken)
    {
        JsonElement message;
        try
        {
            using var document = JsonDocument.Parse(line);
            message = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            WriteError(default, -32700, $"Parse error: {ex.Message}", null);
            return Task.CompletedTask;
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            WriteError(default, -32600, "Invalid request: expected a JSON object", null);
            return Task.CompletedTask;
        }

        var hasId = message.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String;
        var method = message.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        if (method is null)
        {
            if (hasId && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var ours) && _pending.TryGetValue(ours, out var waiting))
            {
                if (message.TryGetProperty("error", out var error))
                {
                    var text = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var em) && em.ValueKind == JsonValueKind.String ? em.GetString()! : error.ToString();
                    var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : AcpException.InternalError;
                    waiting.TrySetException(new AcpException(code, text));
                }
                else
                {
                    waiting.TrySetResult(message.TryGetProperty("result", out var result) ? result : default);
                }
            }

            return Task.CompletedTask;
        }

        if (!hasId)
        {
            try
            {
                OnNotification(method, parameters);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                log.WriteLine($"Warning: ACP notification {method} failed: {ex.Message}");
            }

            return Task.CompletedTask;
        }

        return Task.Run(() => AnswerAsync(id, method, parameters, cancellationToken), CancellationToken.None);
    }

    private async Task AnswerAsync(JsonElement id, string method, JsonElement parameters, CancellationToken cancellationToken)
    {
        AcpReply reply;
        try
        {
            reply = await OnRequest(method, parameters, cancellationToken);
        }
        catch (AcpException error)
        {
            WriteError(id, error.Code, error.Message, error.DataJson);
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            WriteError(id, AcpException.InternalError, ex.Message, null);
            return;
        }

        Write(w =>
        {
            w.WritePropertyName("id");
            id.WriteTo(w);
            w.WritePropertyName("result");
            w.WriteRawValue(reply.ResultJson, skipInputValidation: true);
        });
        reply.AfterSent?.Invoke();
    }

    private void WriteError(JsonElement id, int code, string message, string? dataJson) => Write(w =>
    {
        w.WritePropertyName("id");
        if (id.ValueKind == JsonValueKind.Undefined)
        {
            w.WriteNullValue();
        }
        else
        {
            id.WriteTo(w);
        }

        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        if (dataJson is not null)
        {
            w.WritePropertyName("data");
            w.WriteRawValue(dataJson, skipInputValidation: true);
        }

        w.WriteEndObject();
    });

    private void Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            body(writer);
            writer.WriteEndObject();
        }

        lock (_writeGate)
        {
            try
            {
                output.Write(buffer.WrittenSpan);
                output.WriteByte((byte)'\n');
                output.Flush();
            }
            catch (IOException)
            {
                // The client is gone; reading stdin ends the run.
            }
        }
    }

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>The UTF-8 text encoding ACP lines use.</summary>
    public static Encoding Encoding => Utf8;
}
