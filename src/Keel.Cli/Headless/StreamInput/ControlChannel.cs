using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// The SDK control protocol over stdout/stdin: replies to the host's control requests, and sends
/// our own (<c>can_use_tool</c>) and waits for the matching <c>control_response</c>.
/// </summary>
public sealed class ControlChannel(Stream stdout)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private int _nextId;
    private volatile bool _closed;

    /// <summary>False once stdin ended: nobody is left to answer.</summary>
    public bool IsOpen => !_closed;

    public void WriteLine(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, OutputJson.Options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        stdout.Write(buffer.WrittenSpan);
    }

    public void Succeed(string requestId, Action<Utf8JsonWriter>? response = null) => WriteLine(w =>
    {
        w.WriteString("type", "control_response");
        w.WriteStartObject("response");
        w.WriteString("subtype", "success");
        w.WriteString("request_id", requestId);
        w.WriteStartObject("response");
        response?.Invoke(w);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public void Fail(string requestId, string error) => WriteLine(w =>
    {
        w.WriteString("type", "control_response");
        w.WriteStartObject("response");
        w.WriteString("subtype", "error");
        w.WriteString("request_id", requestId);
        w.WriteString("error", error);
        w.WriteEndObject();
    });

    /// <summary>Sends a request to the host and waits (without a time limit) for its answer's <c>response</c> object.</summary>
    public async Task<JsonElement> RequestAsync(string subtype, Action<Utf8JsonWriter> fields, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw new ControlRequestFailedException("the SDK host closed stdin, so nobody can answer");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"keel_req_{Interlocked.Increment(ref _nextId)}");
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        WriteLine(w =>
        {
            w.WriteString("type", "control_request");
            w.WriteString("request_id", id);
            w.WriteStartObject("request");
            w.WriteString("subtype", subtype);
            fields(w);
            w.WriteEndObject();
        });
        try
        {
            return await reply.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The turn was interrupted: tell the host to stop asking its user.
            WriteLine(w =>
            {
                w.WriteString("type", "control_cancel_request");
                w.WriteString("request_id", id);
            });
            throw;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>A <c>control_response</c> line from the host.</summary>
    public void OnResponse(JsonElement line)
    {
        if (!line.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object
            || !response.TryGetProperty("request_id", out var idElement) || idElement.GetString() is not { } id
            || !_pending.TryGetValue(id, out var waiting))
        {
            return;
        }

        var subtype = response.TryGetProperty("subtype", out var s) ? s.GetString() : null;
        if (subtype == "success")
        {
            waiting.TrySetResult(response.TryGetProperty("response", out var body) ? body.Clone() : default);
        }
        else
        {
            var error = response.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            waiting.TrySetException(new ControlRequestFailedException(error ?? "the SDK host answered with an error"));
        }
    }

    /// <summary>stdin ended: every open request fails, and new ones fail at once.</summary>
    public void Close()
    {
        _closed = true;
        foreach (var (_, waiting) in _pending)
        {
            waiting.TrySetException(new ControlRequestFailedException("the SDK host closed stdin before answering"));
        }
    }
}
