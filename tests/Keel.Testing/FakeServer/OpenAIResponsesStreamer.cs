using System.Text.Json;

namespace Keel.Testing.FakeServer;

/// <summary>Streams a <see cref="ScriptedTurn"/> as Responses API events, from <c>response.created</c> to <c>response.completed</c>.</summary>
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
                    ok = await Item(sse, "response.output_item.added", outputIndex, "message", "msg_" + outputIndex, callId: null, name: null);
                    foreach (var chunk in Chunker.Split(text.Text, turn.ChunkSizeValue))
                    {
                        ok = ok && await Delta(sse, "response.output_text.delta", outputIndex, "msg_" + outputIndex, chunk);
                    }

                    break;
                case ThinkingPart reasoning:
                    ok = await Item(sse, "response.output_item.added", outputIndex, "reasoning", "rs_" + outputIndex, callId: null, name: null);
                    foreach (var chunk in Chunker.Split(reasoning.Thinking, turn.ChunkSizeValue))
                    {
                        ok = ok && await Delta(sse, "response.reasoning_summary_text.delta", outputIndex, "rs_" + outputIndex, chunk);
                    }

                    thinking.Add(new ServedThinking(reasoning.Thinking, string.Empty));
                    break;
                case ToolUsePart tool:
                    var callId = tool.Id ?? "call_" + sse.NextToolUseId();
                    ok = await Item(sse, "response.output_item.added", outputIndex, "function_call", "fc_" + outputIndex, callId, tool.Name);
                    foreach (var chunk in Chunker.Split(tool.InputJson, turn.ChunkSizeValue))
                    {
                        ok = ok && await Delta(sse, "response.function_call_arguments.delta", outputIndex, "fc_" + outputIndex, chunk);
                    }

                    toolIds.Add(callId);
                    break;
            }

            ok = ok && await Item(sse, "response.output_item.done", outputIndex, part is ToolUsePart ? "function_call" : "message", "item_" + outputIndex, callId: null, name: null);
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

    private static Task<bool> Item(SseEmitter sse, string type, int outputIndex, string itemType, string itemId, string? callId, string? name) =>
        sse.EmitAsync(type, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteNumber("output_index", outputIndex);
            w.WriteStartObject("item");
            w.WriteString("type", itemType);
            w.WriteString("id", itemId);
            if (callId is not null)
            {
                w.WriteString("call_id", callId);
                w.WriteString("name", name);
                w.WriteString("arguments", string.Empty);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static Task<bool> Delta(SseEmitter sse, string type, int outputIndex, string itemId, string delta) =>
        sse.EmitAsync(type, w =>
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", outputIndex);
            w.WriteString("delta", delta);
            w.WriteEndObject();
        });
}
