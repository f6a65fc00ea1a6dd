using System.Buffers;
using System.Text;
using System.Text.Json;
using Keel.Anthropic.Sse;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Anthropic.Streaming;

/// <summary>
/// Turns one Messages API server-sent event into a <see cref="ModelStreamEvent"/>. Unknown
/// events and deltas become Unknown* values (new API features must not break old builds);
/// only data that is not JSON is an error.
/// </summary>
public static class AnthropicEventMapper
{
    /// <exception cref="ModelCallException">With <see cref="ModelErrorKind.BrokenStream"/> when the data is not a JSON object.</exception>
    public static ModelStreamEvent Map(SseEvent sse) => sse.Pages is { } pages ? MapPaged(sse.EventName, sse.Utf8Data, pages) : Map(sse.EventName, sse.Utf8Data);

    /// <exception cref="ModelCallException">With <see cref="ModelErrorKind.BrokenStream"/> when <paramref name="data"/> is not a JSON object.</exception>
    public static ModelStreamEvent Map(string? eventName, string data) => Map(eventName, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(data)));

    /// <exception cref="ModelCallException">With <see cref="ModelErrorKind.BrokenStream"/> when <paramref name="data"/> is not a JSON object.</exception>
    public static ModelStreamEvent Map(string? eventName, ReadOnlyMemory<byte> data) => Map(eventName, new ReadOnlySequence<byte>(data));

    /// <summary>
    /// Maps the event straight from its UTF-8 bytes, which the event keeps as its raw JSON (decoded only if
    /// a surface asks). Deltas, the bulk of a response and the only events that get huge, are read with a
    /// forward-only reader over the bytes as they are (<see cref="DeltaEventReader"/>); other events through
    /// a document.
    /// </summary>
    /// <exception cref="ModelCallException">With <see cref="ModelErrorKind.BrokenStream"/> when <paramref name="data"/> is not a JSON object.</exception>
    public static ModelStreamEvent Map(string? eventName, ReadOnlySequence<byte> data)
    {
        if (eventName is null or EventNames.ContentBlockDelta)
        {
            try
            {
                if (DeltaEventReader.TryRead(eventName, data) is { } delta)
                {
                    return delta;
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw Malformed(eventName, data, ex);
            }
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
        }
        catch (JsonException ex)
        {
            throw Malformed(eventName, data, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(eventName, data, inner: null);
            }

            var type = eventName ?? GetString(root, "type") ?? string.Empty;
            return MapEvent(type, root, data);
        }
    }

    private static ModelStreamEvent MapEvent(string type, JsonElement root, ReadOnlySequence<byte> raw) => type switch
    {
        EventNames.ContentBlockDelta => new ContentBlockDeltaEvent(GetIndex(root), MapDelta(root)) { RawUtf8 = raw },
        EventNames.ContentBlockStart => new ContentBlockStartEvent(GetIndex(root), MapBlockStart(root)) { RawUtf8 = raw },
        EventNames.ContentBlockStop => new ContentBlockStopEvent(GetIndex(root)) { RawUtf8 = raw },
        EventNames.MessageStart => MapMessageStart(root, raw),
        EventNames.MessageDelta => MapMessageDelta(root, raw),
        EventNames.MessageStop => new MessageStopEvent { RawUtf8 = raw },
        EventNames.Ping => new PingEvent { RawUtf8 = raw },
        EventNames.Error => MapError(root, raw),
        _ => new UnknownStreamEvent(type) { RawUtf8 = raw },
    };

    private static ContentDelta MapDelta(JsonElement root)
    {
        if (!root.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
        {
            return new UnknownDelta(string.Empty);
        }

        var type = GetString(delta, "type") ?? string.Empty;
        return type switch
        {
            "text_delta" => new TextDelta(GetString(delta, "text") ?? string.Empty),
            "input_json_delta" => new InputJsonDelta(GetString(delta, "partial_json") ?? string.Empty),
            "thinking_delta" => new ThinkingDelta(GetString(delta, "thinking") ?? string.Empty),
            "signature_delta" => new SignatureDelta(GetString(delta, "signature") ?? string.Empty),
            _ => new UnknownDelta(type),
        };
    }

    private static ContentBlock MapBlockStart(JsonElement root)
    {
        if (!root.TryGetProperty("content_block", out var block) || block.ValueKind != JsonValueKind.Object)
        {
            return new UnknownBlock(string.Empty, MessageJson.EmptyObject);
        }

        var read = MessageJson.ReadBlock(block);

        // The input arrives as input_json_delta; whatever the start event carries is only a placeholder.
        return read switch
        {
            ToolUseBlock toolUse => toolUse with { Input = MessageJson.EmptyObject },
            ServerToolUseBlock serverTool => serverTool with { Input = MessageJson.EmptyObject },
            _ => read,
        };
    }

    private static MessageStartEvent MapMessageStart(JsonElement root, ReadOnlySequence<byte> raw)
    {
        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return new MessageStartEvent(string.Empty, string.Empty, Usage.Zero) { RawUtf8 = raw };
        }

        var usage = message.TryGetProperty("usage", out var u) ? ReadUsage(u) : Usage.Zero;
        return new MessageStartEvent(GetString(message, "id") ?? string.Empty, GetString(message, "model") ?? string.Empty, usage) { RawUtf8 = raw };
    }

    private static MessageDeltaEvent MapMessageDelta(JsonElement root, ReadOnlySequence<byte> raw)
    {
        string? stopReason = null;
        string? stopSequence = null;
        if (root.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
        {
            stopReason = GetString(delta, "stop_reason");
            stopSequence = GetString(delta, "stop_sequence");
        }

        var usage = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? ReadUsage(u) : null;
        return new MessageDeltaEvent(stopReason, stopSequence, usage) { RawUtf8 = raw };
    }

    private static StreamErrorEvent MapError(JsonElement root, ReadOnlySequence<byte> raw)
    {
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            return new StreamErrorEvent(GetString(error, "type") ?? "error", GetString(error, "message") ?? string.Empty) { RawUtf8 = raw };
        }

        return new StreamErrorEvent("error", string.Empty) { RawUtf8 = raw };
    }

    private static Usage ReadUsage(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return Usage.Zero;
        }

        return new Usage(
            GetLong(usage, "input_tokens"),
            GetLong(usage, "output_tokens"),
            GetLong(usage, "cache_creation_input_tokens"),
            GetLong(usage, "cache_read_input_tokens"))
        {
            WebSearchRequests = usage.TryGetProperty("server_tool_use", out var server) && server.ValueKind == JsonValueKind.Object ? GetLong(server, "web_search_requests") : 0,
            CacheCreation1hInputTokens = usage.TryGetProperty("cache_creation", out var creation) && creation.ValueKind == JsonValueKind.Object ? GetLong(creation, "ephemeral_1h_input_tokens") : 0,
        };
    }

    private static int GetIndex(JsonElement root) =>
        root.TryGetProperty("index", out var index) && index.TryGetInt32(out var value) ? value : 0;

    private static long GetLong(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : 0;

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// Data in pages of its own (a huge event) is disposed once mapped, so the event keeps none of it: a delta is
    /// decoded giving the pages back as it goes and writes its raw JSON from its fields when asked
    /// (<see cref="ModelStreamEvent.RawFromFields"/>); any other event, rare at that size, maps from a copy.
    /// </summary>
    private static ModelStreamEvent MapPaged(string? eventName, ReadOnlySequence<byte> data, SseDataPages pages)
    {
        if (eventName is null or EventNames.ContentBlockDelta)
        {
            try
            {
                if (DeltaEventReader.TryRead(eventName, data, pages) is { } delta)
                {
                    return delta;
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw Malformed(eventName, data, ex);
            }
        }

        return Map(eventName, new ReadOnlySequence<byte>(data.ToArray()));
    }

    private static ModelCallException Malformed(string? eventName, ReadOnlySequence<byte> data, Exception? inner)
    {
        var snippet = Encoding.UTF8.GetString(data.Slice(0, Math.Min(200, data.Length)).ToArray()) + (data.Length > 200 ? "..." : string.Empty);
        var message = $"malformed data in '{eventName ?? "(unnamed)"}' event: {snippet}";
        return new ModelCallException(new ModelError(ModelErrorKind.BrokenStream, message), inner);
    }
}
