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

    public async Task<bool> EmitAsync(string eventName, Action<Utf8JsonWriter> writeData)
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
            var error = Encoding.UTF8.GetBytes(ErrorBody.Json(turn.ErrorType, turn.ErrorMessage, requestId: null));
            await WriteEventAsync("error", error);
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
                Write(body, ": keep-alive\n\n");
                await body.FlushAsync(context.Cancellation);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client hung up, which is what this fault waits for.
        }
    }

    private async Task WriteEventAsync(string eventName, ReadOnlyMemory<byte> data)
    {
        var body = context.Http.Response.BodyWriter;
        Write(body, "event: ");
        Write(body, eventName);
        Write(body, "\ndata: ");
        body.Write(data.Span);
        Write(body, "\n\n");
        Count++;
        await body.FlushAsync(context.Cancellation);
    }

    private static void Write(System.IO.Pipelines.PipeWriter body, string ascii)
    {
        var span = body.GetSpan(Encoding.UTF8.GetMaxByteCount(ascii.Length));
        body.Advance(Encoding.UTF8.GetBytes(ascii, span));
    }
}
