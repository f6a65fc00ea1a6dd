using System.Text.Json;

namespace Keel.Testing.FakeServer;

/// <summary>
/// Streams a <see cref="ScriptedTurn"/> as Responses API events, from <c>response.created</c> to <c>response.completed</c>.
/// Each output item is announced by <c>response.output_item.added</c> and closed by <c>response.output_item.done</c>
/// carrying the whole item, as the real API does: some clients build items from the deltas, others from the done item.
/// </summary>
internal static class OpenAIResponsesStreamer
{
    public static async Task<bool> StreamEventsAsync(ScriptedTurn turn, SseEmitter sse, string id, string model, TurnUsage usage, List<ServedThinking> thinking, List<string> toolIds)
    {
        var ok = await sse.EmitAsync("response.created", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.created");
            w.WriteStartObject("response");
            w.WriteString("id", id);
            w.WriteString("model", model);
            w.WriteString("status", "in_progress");
            w.WriteEndObject();
            w.WriteEndObject();
        });
        var index = 0;
        foreach (var part in turn.Parts)
        {
            if (!ok)
            {
                return false;
            }

            var outputIndex = index++;
            switch (part)
            {
                case TextPart text:
                    ok = await StreamMessageAsync(sse, outputIndex, text.Text, turn.ChunkSizeValue);
                    break;
                case ThinkingPart reasoning:
                    ok = await StreamReasoningAsync(sse, outputIndex, reasoning.Thinking, turn.ChunkSizeValue);
                    thinking.Add(new ServedThinking(reasoning.Thinking, string.Empty));
                    break;
                case ToolUsePart tool:
                    var callId = tool.Id ?? "call_" + sse.NextToolUseId();
                    ok = tool.CustomInput is { } input
                        ? await StreamCustomCallAsync(sse, outputIndex, callId, tool.Name, input, turn.ChunkSizeValue)
                        : await StreamFunctionCallAsync(sse, outputIndex, callId, tool.Name, tool.InputJson, turn.ChunkSizeValue);
                    toolIds.Add(callId);
                    break;
            }
        }

        var incomplete = turn.StopReasonValue == "max_tokens";
        return ok && await sse.EmitAsync(incomplete ? "response.incomplete" : "response.completed", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", incomplete ? "response.incomplete" : "response.completed");
            w.WriteStartObject("response");
            w.WriteString("id", id);
            w.WriteString("model", model);
            w.WriteString("status", incomplete ? "incomplete" : "completed");
            if (incomplete)
            {
                w.WriteStartObject("incomplete_details");
                w.WriteString("reason", "max_output_tokens");
                w.WriteEndObject();
            }

            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", usage.Input + usage.CacheRead);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", usage.CacheRead);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", usage.Output);
            w.WriteNumber("total_tokens", usage.Input + usage.CacheRead + usage.Output);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static async Task<bool> StreamMessageAsync(SseEmitter sse, int outputIndex, string text, int chunkSize)
    {
        var itemId = "msg_" + outputIndex;
        var ok = await Item(sse, "response.output_item.added", outputIndex, w => WriteMessage(w, itemId, "in_progress", text: null));
        foreach (var chunk in Chunker.Split(text, chunkSize))
        {
            ok = ok && await Delta(sse, "response.output_text.delta", outputIndex, itemId, chunk, contentIndex: 0);
        }

        ok = ok && await sse.EmitAsync("response.output_text.done", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "response.output_text.done");
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", outputIndex);
            w.WriteNumber("content_index", 0);
            w.WriteString("text", text);
            w.WriteEndObject();
        });
        return ok && await Item(sse, "response.output_item.done", outputIndex, w => WriteMessage(w, itemId, "completed", text));
    }

    private static async Task<bool> StreamReasoningAsync(SseEmitter sse, int outputIndex, string summary, int chunkSize)
    {
        var itemId = "rs_" + outputIndex;
        var ok = await Item(sse, "response.output_item.added", outputIndex, w => WriteReasoning(w, itemId, summary: null));
        foreach (var chunk in Chunker.Split(summary, chunkSize))
        {
            ok = ok && await Delta(sse, "response.reasoning_summary_text.delta", outputIndex, itemId, chunk, summaryIndex: 0);
        }

        return ok && await Item(sse, "response.output_item.done", outputIndex, w => WriteReasoning(w, itemId, summary));
    }

    private static async Task<bool> StreamFunctionCallAsync(SseEmitter sse, int outputIndex, string callId, string name, string arguments, int chunkSize)
    {
        var itemId = "fc_" + outputIndex;
        var ok = await Item(sse, "response.output_item.added", outputIndex, w => WriteCall(w, "function_call", itemId, callId, name, "arguments", string.Empty, "in_progress"));
        foreach (var chunk in Chunker.Split(arguments, chunkSize))
        {
            ok = ok && await Delta(sse, "response.function_call_arguments.delta", outputIndex, itemId, chunk);
        }

        ok = ok && await Done(sse, "response.function_call_arguments.done", outputIndex, itemId, "arguments", arguments);
        return ok && await Item(sse, "response.output_item.done", outputIndex, w => WriteCall(w, "function_call", itemId, callId, name, "arguments", arguments, "completed"));
    }

    /// <summary>A call of a custom (freeform) tool: its input is plain text, not JSON arguments.</summary>
    private static async Task<bool> StreamCustomCallAsync(SseEmitter sse, int outputIndex, string callId, string name, string input, int chunkSize)
    {
        var itemId = "ctc_" + outputIndex;
        var ok = await Item(sse, "response.output_item.added", outputIndex, w => WriteCall(w, "custom_tool_call", itemId, callId, name, "input", string.Empty, status: null));
        foreach (var chunk in Chunker.Split(input, chunkSize))
        {
            ok = ok && await Delta(sse, "response.custom_tool_call_input.delta", outputIndex, itemId, chunk);
        }

        ok = ok && await Done(sse, "response.custom_tool_call_input.done", outputIndex, itemId, "input", input);
        return ok && await Item(sse, "response.output_item.done", outputIndex, w => WriteCall(w, "custom_tool_call", itemId, callId, name, "input", input, status: null));
    }

    private static void WriteMessage(Utf8JsonWriter w, string itemId, string status, string? text)
    {
        w.WriteString("type", "message");
        w.WriteString("id", itemId);
        w.WriteString("status", status);
        w.WriteString("role", "assistant");
        w.WriteStartArray("content");
        if (text is not null)
        {
            w.WriteStartObject();
            w.WriteString("type", "output_text");
            w.WriteString("text", text);
            w.WriteStartArray("annotations");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteReasoning(Utf8JsonWriter w, string itemId, string? summary)
    {
        w.WriteString("type", "reasoning");
        w.WriteString("id", itemId);
        w.WriteStartArray("summary");
        if (summary is not null)
        {
            w.WriteStartObject();
            w.WriteString("type", "summary_text");
            w.WriteString("text", summary);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteCall(Utf8JsonWriter w, string type, string itemId, string callId, string name, string inputKey, string input, string? status)
    {
        w.WriteString("type", type);
        w.WriteString("id", itemId);
        w.WriteString("call_id", callId);
        w.WriteString("name", name);
        w.WriteString(inputKey, input);
        if (status is not null)
        {
            w.WriteString("status", status);
        }
    }

    private static Task<bool> Item(SseEmitter sse, string type, int outputIndex, Action<Utf8JsonWriter> writeItem) =>
        sse.EmitAsync(type, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteNumber("output_index", outputIndex);
            w.WriteStartObject("item");
            writeItem(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static Task<bool> Delta(SseEmitter sse, string type, int outputIndex, string itemId, string delta, int? contentIndex = null, int? summaryIndex = null) =>
        sse.EmitAsync(type, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", outputIndex);
            if (contentIndex is { } content)
            {
                w.WriteNumber("content_index", content);
            }

            if (summaryIndex is { } summary)
            {
                w.WriteNumber("summary_index", summary);
            }

            w.WriteString("delta", delta);
            w.WriteEndObject();
        });

    private static Task<bool> Done(SseEmitter sse, string type, int outputIndex, string itemId, string key, string value) =>
        sse.EmitAsync(type, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", outputIndex);
            w.WriteString(key, value);
            w.WriteEndObject();
        });
}
