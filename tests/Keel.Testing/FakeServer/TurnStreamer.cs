using System.Text.Json;

namespace Keel.Testing.FakeServer;

/// <summary>Streams a <see cref="ScriptedTurn"/> as Messages API server-sent events.</summary>
internal static class TurnStreamer
{
    public static async Task StreamAsync(ScriptedTurn turn, ResponseContext context)
    {
        var messageId = turn.MessageIdValue ?? context.NextMessageId();
        var model = turn.ModelValue ?? context.Request.Model ?? "claude-fake";
        var usage = turn.UsageValue ?? (context.ReportsCacheUse && context.Request.Cache is { } cache
            ? new TurnUsage((int)cache.InputTokens, EstimateOutputTokens(turn), (int)cache.ReadTokens, (int)cache.CreationTokens)
            : new TurnUsage(100, EstimateOutputTokens(turn), 0, 0));
        var stopReason = turn.StopReasonValue ?? (turn.HasToolUse ? "tool_use" : "end_turn");
        var thinking = new List<ServedThinking>();
        var toolIds = new List<string>();

        var http = context.Http.Response;
        http.StatusCode = 200;
        http.ContentType = context.Request.Protocol == WireProtocol.Bedrock ? "application/vnd.amazon.eventstream" : "text/event-stream; charset=utf-8";
        http.Headers.CacheControl = "no-cache";
        context.ApplyHeaders(turn);
        await http.StartAsync(context.Cancellation);

        var sse = new SseEmitter(turn, context);
        var streamed = context.Request.Protocol switch
        {
            WireProtocol.OpenAIChat => OpenAIChatStreamer.StreamEventsAsync(turn, sse, "chatcmpl-" + messageId, model, usage, thinking, toolIds),
            WireProtocol.OpenAIResponses => OpenAIResponsesStreamer.StreamEventsAsync(turn, sse, "resp_" + messageId, model, usage, thinking, toolIds),
            _ => StreamEventsAsync(turn, sse, messageId, model, usage, stopReason, thinking, toolIds),
        };
        var completed = await streamed && await sse.FinishAsync();
        context.Request.Response = new ServedResponse(200, messageId, thinking, toolIds, completed);
    }

    private static async Task<bool> StreamEventsAsync(
        ScriptedTurn turn,
        SseEmitter sse,
        string messageId,
        string model,
        TurnUsage usage,
        string stopReason,
        List<ServedThinking> thinking,
        List<string> toolIds)
    {
        var ok = await sse.EmitAsync("message_start", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_start");
            w.WriteStartObject("message");
            w.WriteString("id", messageId);
            w.WriteString("type", "message");
            w.WriteString("role", "assistant");
            w.WriteString("model", model);
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteNull("stop_reason");
            w.WriteNull("stop_sequence");
            WriteUsage(w, usage with { Output = 1 });
            w.WriteEndObject();
            w.WriteEndObject();
        });
        var index = 0;
        var pinged = !turn.PingsValue;
        foreach (var part in turn.Parts)
        {
            if (!ok)
            {
                return false;
            }

            if (part is WaitPart wait)
            {
                await wait.Gate();
                continue;
            }

            if (part is RawEventPart raw)
            {
                ok = await sse.EmitRawAsync(raw.EventName, raw.DataJson);
                continue;
            }

            if (part is EndlessTextPart endless)
            {
                await StreamEndlesslyAsync(turn, sse, index, endless.ChunkChars);
                return false;
            }

            var toolId = part is ToolUsePart tool ? tool.Id ?? sse.NextToolUseId() : null;
            ok = await sse.EmitAsync("content_block_start", w => WriteBlockStart(w, index, part, toolId));
            if (ok && !pinged)
            {
                pinged = true;
                ok = await Ping(sse);
            }

            ok = ok && await StreamDeltasAsync(turn, sse, index, part);
            ok = ok && await sse.EmitAsync("content_block_stop", w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "content_block_stop");
                w.WriteNumber("index", index);
                w.WriteEndObject();
            });
            if (part is ThinkingPart t)
            {
                thinking.Add(new ServedThinking(t.Thinking, t.Signature));
            }

            if (toolId is not null)
            {
                toolIds.Add(toolId);
            }

            index++;
        }

        ok = ok && await sse.EmitAsync("message_delta", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", stopReason);
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            WriteUsage(w, usage);
            w.WriteEndObject();
        });
        return ok && await sse.EmitAsync("message_stop", static w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_stop");
            w.WriteEndObject();
        });
    }

    private static async Task<bool> StreamDeltasAsync(ScriptedTurn turn, SseEmitter sse, int index, TurnPart part)
    {
        var (text, deltaType, field) = part switch
        {
            TextPart p => (p.Text, "text_delta", "text"),
            ThinkingPart p => (p.Thinking, "thinking_delta", "thinking"),
            ToolUsePart p => (p.InputJson, "input_json_delta", "partial_json"),
            ServerToolUsePart p => (p.InputJson, "input_json_delta", "partial_json"),
            _ => (string.Empty, string.Empty, string.Empty),
        };
        var chunks = Chunker.Split(text, turn.ChunkSizeValue);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            if (!await sse.EmitAsync("content_block_delta", w => WriteDelta(w, index, deltaType, field, chunk)))
            {
                return false;
            }

            if (i == 0 && chunks.Count > 1 && turn.PingsValue && !await Ping(sse))
            {
                return false;
            }
        }

        if (part is ThinkingPart thinking)
        {
            return await sse.EmitAsync(
                "content_block_delta",
                w => WriteDelta(w, index, "signature_delta", "signature", thinking.Signature));
        }

        return true;
    }

    /// <summary>Text deltas until the client disconnects; the block and the message never end.</summary>
    private static async Task StreamEndlesslyAsync(ScriptedTurn turn, SseEmitter sse, int index, int chunkChars)
    {
        var chunk = new string('z', chunkChars);
        try
        {
            if (!await sse.EmitAsync("content_block_start", w => WriteBlockStart(w, index, new TextPart(string.Empty), null)))
            {
                return;
            }

            while (!sse.ClientGone && await sse.EmitAsync("content_block_delta", w => WriteDelta(w, index, "text_delta", "text", chunk)))
            {
                turn.CountEndless(chunkChars);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client hung up, which is the only way this turn ends.
        }
    }

    private static Task<bool> Ping(SseEmitter sse) => sse.EmitAsync("ping", static w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "ping");
        w.WriteEndObject();
    });

    private static void WriteBlockStart(Utf8JsonWriter w, int index, TurnPart part, string? toolId)
    {
        w.WriteStartObject();
        w.WriteString("type", "content_block_start");
        w.WriteNumber("index", index);
        w.WritePropertyName("content_block");
        switch (part)
        {
            case RawBlockPart raw:
                w.WriteRawValue(raw.BlockJson, skipInputValidation: true);
                break;
            default:
                w.WriteStartObject();
                WriteBlockStartFields(w, part, toolId);
                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
    }

    private static void WriteBlockStartFields(Utf8JsonWriter w, TurnPart part, string? toolId)
    {
        switch (part)
        {
            case TextPart:
                w.WriteString("type", "text");
                w.WriteString("text", string.Empty);
                break;
            case ThinkingPart:
                w.WriteString("type", "thinking");
                w.WriteString("thinking", string.Empty);
                w.WriteString("signature", string.Empty);
                break;
            case RedactedThinkingPart redacted:
                w.WriteString("type", "redacted_thinking");
                w.WriteString("data", redacted.Data);
                break;
            case ToolUsePart tool:
                w.WriteString("type", "tool_use");
                w.WriteString("id", toolId);
                w.WriteString("name", tool.Name);
                w.WriteStartObject("input");
                w.WriteEndObject();
                break;
            case ServerToolUsePart server:
                w.WriteString("type", "server_tool_use");
                w.WriteString("id", server.Id);
                w.WriteString("name", server.Name);
                w.WriteStartObject("input");
                w.WriteEndObject();
                break;
        }
    }

    private static void WriteDelta(Utf8JsonWriter w, int index, string deltaType, string field, string value)
    {
        w.WriteStartObject();
        w.WriteString("type", "content_block_delta");
        w.WriteNumber("index", index);
        w.WriteStartObject("delta");
        w.WriteString("type", deltaType);
        w.WriteString(field, value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter w, TurnUsage usage)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", usage.Input);
        w.WriteNumber("cache_creation_input_tokens", usage.CacheCreation);
        w.WriteNumber("cache_read_input_tokens", usage.CacheRead);
        w.WriteNumber("output_tokens", usage.Output);
        w.WriteEndObject();
    }

    private static int EstimateOutputTokens(ScriptedTurn turn)
    {
        var chars = 0;
        foreach (var part in turn.Parts)
        {
            chars += part switch
            {
                TextPart p => p.Text.Length,
                ThinkingPart p => p.Thinking.Length,
                ToolUsePart p => p.InputJson.Length + p.Name.Length,
                _ => 0,
            };
        }

        return Math.Max(1, chars / 4);
    }
}
