using System.Text;
using System.Text.Json;
using Keel.Anthropic.Streaming;
using Keel.Anthropic.Wire;
using Keel.Core.Model;

namespace Keel.Providers.Bedrock;

/// <summary>
/// <c>invoke-with-response-stream</c> bodies: event-stream frames whose <c>chunk</c> events carry a
/// base64 Messages API event in <c>{"bytes": ...}</c>; <c>exception</c> frames end the stream with a
/// classified error. A frame with a bad CRC is a protocol error (the call is retried).
/// </summary>
public sealed class BedrockStreamDecoder : IStreamDecoder
{
    private readonly EventStreamReader _reader = new();
    private readonly List<EventStreamMessage> _frames = [];

    public ModelCallException? Failure { get; private set; }

    public void Feed(ReadOnlySpan<byte> chunk, ICollection<ModelStreamEvent> events)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            _reader.Feed(chunk, _frames);
        }
        catch (InvalidDataException ex)
        {
            Drain(events);
            Failure = new ModelCallException(new ModelError(ModelErrorKind.Protocol, $"Bedrock response stream is corrupt: {ex.Message}") { Category = ModelErrorCategory.Transient }, ex);
            return;
        }

        Drain(events);
    }

    public void Complete(ICollection<ModelStreamEvent> events)
    {
        if (Failure is null && _reader.Buffered > 0)
        {
            Failure = new ModelCallException(new ModelError(ModelErrorKind.Connection, $"Bedrock response stream ended inside a frame ({_reader.Buffered} bytes left over)"));
        }
    }

    public void Dispose()
    {
    }

    private void Drain(ICollection<ModelStreamEvent> events)
    {
        foreach (var frame in _frames)
        {
            if (Failure is not null)
            {
                break;
            }

            try
            {
                if (Decode(frame) is { } streamEvent)
                {
                    events.Add(streamEvent);
                }
            }
            catch (ModelCallException ex)
            {
                Failure = ex;
            }
        }

        _frames.Clear();
    }

    private static ModelStreamEvent? Decode(EventStreamMessage frame)
    {
        var messageType = frame.Header(":message-type") ?? "event";
        if (messageType == "exception")
        {
            var type = frame.Header(":exception-type") ?? "exception";
            throw new ModelCallException(BedrockErrors.FromException(type, PayloadMessage(frame.Payload), status: null, ModelErrorKind.StreamError));
        }

        if (messageType == "error")
        {
            var code = frame.Header(":error-code") ?? "error";
            throw new ModelCallException(BedrockErrors.FromException(code, frame.Header(":error-message") ?? code, status: null, ModelErrorKind.StreamError));
        }

        if (frame.Header(":event-type") is not "chunk")
        {
            return null;
        }

        string json;
        try
        {
            using var document = JsonDocument.Parse(frame.Payload);
            var bytes = document.RootElement.TryGetProperty("bytes", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            if (bytes is null)
            {
                return null;
            }

            json = Encoding.UTF8.GetString(Convert.FromBase64String(bytes));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new ModelCallException(new ModelError(ModelErrorKind.Protocol, "Bedrock sent a chunk that is not base64 JSON"), ex);
        }

        return AnthropicEventMapper.Map(eventName: null, json);
    }

    private static string PayloadMessage(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("message", out var m) || document.RootElement.TryGetProperty("Message", out m))
                && m.ValueKind == JsonValueKind.String)
            {
                return m.GetString() ?? string.Empty;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the raw text below.
        }

        return Encoding.UTF8.GetString(payload);
    }
}
