using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Keel.Testing.FakeServer;

/// <summary>
/// Writes SSE events one by one, flushing each, and applies the turn's injected faults (stall,
/// in-stream error, cut) at the right event count.
/// </summary>
internal sealed class SseEmitter(ScriptedTurn turn, ResponseContext context)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private bool _stalled;

    public int Count { get; private set; }

    public string NextToolUseId() => context.NextToolUseId();

    /// <summary>Set once a fault ended the stream early; nothing more may be written.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The client hung up: Kestrel then completes flushes without throwing, so writers must ask.</summary>
    public bool ClientGone => _gone || context.Cancellation.IsCancellationRequested;

    private bool _gone;

    public async Task<bool> EmitAsync(string? eventName, Action<Utf8JsonWriter> writeData)
    {
        if (!await BeforeEventAsync())
        {
            return false;
        }

        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writeData(writer);
        }

        await WriteEventAsync(eventName, _buffer.WrittenMemory);
        return true;
    }

    public async Task<bool> EmitRawAsync(string eventName, string data)
    {
        if (!await BeforeEventAsync())
        {
            return false;
        }

        await WriteEventAsync(eventName, Encoding.UTF8.GetBytes(data));
        return true;
    }

    /// <summary>The Chat Completions terminator, <c>data: [DONE]</c>.</summary>
    public async Task<bool> EmitDoneAsync()
    {
        if (!await BeforeEventAsync())
        {
            return false;
        }

        var body = context.Http.Response.BodyWriter;
        Write(body, "data: [DONE]\n\n");
        Count++;
        await body.FlushAsync(context.Cancellation);
        return true;
    }

    /// <summary>Applies a fault scheduled after the last event; true when the stream completed normally.</summary>
    public async Task<bool> FinishAsync() => !Stopped && await BeforeEventAsync();

    private async Task<bool> BeforeEventAsync()
    {
        if (Stopped)
        {
            return false;
        }

        if (turn.StallAfter == Count && !_stalled)
        {
            _stalled = true;
            if (!await context.DelayAsync(turn.StallDuration))
            {
                Stopped = true;
                return false;
            }
        }

        if (turn.KeepAliveAfter == Count)
        {
            Stopped = true;
            await KeepAliveUntilAbortedAsync();
            return false;
        }

        if (turn.ErrorAfter == Count)
        {
            Stopped = true;
            await WriteStreamErrorAsync();
            return false;
        }

        if (turn.CutAfter == Count)
        {
            Stopped = true;
            await context.CutConnectionAsync();
            return false;
        }

        return true;
    }

    /// <summary>Bytes that are valid SSE but carry no content, until the client disconnects.</summary>
    private async Task KeepAliveUntilAbortedAsync()
    {
        var ping = "{\"type\":\"ping\"}"u8.ToArray();
        var body = context.Http.Response.BodyWriter;
        try
        {
            while (await context.DelayAsync(turn.KeepAliveInterval))
            {
                await WriteEventAsync("ping", ping);
                if (context.Request.Protocol != WireProtocol.Bedrock)
                {
                    Write(body, ": keep-alive\n\n");
                }
                await body.FlushAsync(context.Cancellation);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client hung up, which is what this fault waits for.
        }
    }

    private async Task WriteStreamErrorAsync()
    {
        switch (context.Request.Protocol)
        {
            case WireProtocol.Bedrock:
                var exception = turn.ErrorType switch
                {
                    "overloaded_error" => "serviceUnavailableException",
                    "rate_limit_error" => "throttlingException",
                    "invalid_request_error" => "validationException",
                    _ => "internalServerException",
                };
                var frame = EventStreamFrames.Encode(
                    [new(":message-type", "exception"), new(":exception-type", exception), new(":content-type", "application/json")],
                    Encoding.UTF8.GetBytes("{\"message\":" + JsonSerializer.Serialize(turn.ErrorMessage, FakeJson.Default.String) + "}"));
                context.Http.Response.BodyWriter.Write(frame);
                Count++;
                await context.Http.Response.BodyWriter.FlushAsync(context.Cancellation);
                break;
            case WireProtocol.OpenAIChat:
                await WriteEventAsync(eventName: null, Encoding.UTF8.GetBytes("{\"error\":{\"type\":\"" + turn.ErrorType + "\",\"message\":" + JsonSerializer.Serialize(turn.ErrorMessage, FakeJson.Default.String) + "}}"));
                break;
            case WireProtocol.OpenAIResponses:
                await WriteEventAsync("error", Encoding.UTF8.GetBytes("{\"type\":\"error\",\"code\":\"" + turn.ErrorType + "\",\"message\":" + JsonSerializer.Serialize(turn.ErrorMessage, FakeJson.Default.String) + "}"));
                break;
            default:
                await WriteEventAsync("error", Encoding.UTF8.GetBytes(ErrorBody.Json(turn.ErrorType, turn.ErrorMessage, requestId: null)));
                break;
        }
    }

    private async Task WriteEventAsync(string? eventName, ReadOnlyMemory<byte> data)
    {
        var body = context.Http.Response.BodyWriter;
        if (context.Request.Protocol == WireProtocol.Bedrock)
        {
            // Bedrock wraps each Messages event, base64, in an event-stream "chunk" frame.
            var payload = Encoding.UTF8.GetBytes("{\"bytes\":\"" + Convert.ToBase64String(data.Span) + "\",\"p\":\"abcd\"}");
            body.Write(EventStreamFrames.Encode(
                [new(":event-type", "chunk"), new(":content-type", "application/json"), new(":message-type", "event")],
                payload));
            Count++;
            await body.FlushAsync(context.Cancellation);
            return;
        }

        if (eventName is not null)
        {
            Write(body, "event: ");
            Write(body, eventName);
            Write(body, "\n");
        }

        Write(body, "data: ");
        body.Write(data.Span);
        Write(body, "\n\n");
        Count++;
        var flushed = await body.FlushAsync(context.Cancellation);
        _gone |= flushed.IsCompleted || flushed.IsCanceled;
    }

    private static void Write(System.IO.Pipelines.PipeWriter body, string ascii)
    {
        var span = body.GetSpan(Encoding.UTF8.GetMaxByteCount(ascii.Length));
        body.Advance(Encoding.UTF8.GetBytes(ascii, span));
    }
}
