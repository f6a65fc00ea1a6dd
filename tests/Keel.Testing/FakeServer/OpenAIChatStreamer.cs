using System.Text.Json;

namespace Keel.Testing.FakeServer;

/// <summary>Streams a <see cref="ScriptedTurn"/> as Chat Completions chunks, ending with usage and <c>data: [DONE]</c>.</summary>
internal static class OpenAIChatStreamer
{
    public static async Task<bool> StreamEventsAsync(ScriptedTurn turn, SseEmitter sse, string id, string model, TurnUsage usage, List<ServedThinking> thinking, List<string> toolIds)
    {
        var created = 1_700_000_000;
        var ok = await sse.EmitAsync(eventName: null, w => Chunk(w, id, model, created, d =>
        {
            d.WriteString("role", "assistant");
            d.WriteString("content", string.Empty);
        }, finish: null));
        var toolIndex = 0;
        foreach (var part in turn.Parts)
        {
            if (!ok)
            {
                return false;
            }

            switch (part)
            {
                case TextPart text:
                    foreach (var chunk in Chunker.Split(text.Text, turn.ChunkSizeValue))
                    {
                        ok = ok && await sse.EmitAsync(eventName: null, w => Chunk(w, id, model, created, d => d.WriteString("content", chunk), finish: null));
                    }

                    break;
                case ThinkingPart reasoning:
                    foreach (var chunk in Chunker.Split(reasoning.Thinking, turn.ChunkSizeValue))
                    {
                        ok = ok && await sse.EmitAsync(eventName: null, w => Chunk(w, id, model, created, d => d.WriteString("reasoning_content", chunk), finish: null));
                    }

                    thinking.Add(new ServedThinking(reasoning.Thinking, string.Empty));
                    break;
                case ToolUsePart tool:
                    var callId = tool.Id ?? "call_" + sse.NextToolUseId();
                    var index = toolIndex++;
                    var chunks = Chunker.Split(tool.InputJson, turn.ChunkSizeValue);
                    for (var i = 0; i < chunks.Count && ok; i++)
                    {
                        var first = i == 0;
                        var piece = chunks[i];
                        ok = await sse.EmitAsync(eventName: null, w => Chunk(w, id, model, created, d =>
                        {
                            d.WriteStartArray("tool_calls");
                            d.WriteStartObject();
                            d.WriteNumber("index", index);
                            if (first)
                            {
                                d.WriteString("id", callId);
                                d.WriteString("type", "function");
                            }

                            d.WriteStartObject("function");
                            if (first)
                            {
                                d.WriteString("name", tool.Name);
                            }

                            d.WriteString("arguments", piece);
                            d.WriteEndObject();
                            d.WriteEndObject();
                            d.WriteEndArray();
                        }, finish: null));
                    }

                    toolIds.Add(callId);
                    break;
            }
        }

        var finish = turn.StopReasonValue switch
        {
            "max_tokens" => "length",
            null => turn.HasToolUse ? "tool_calls" : "stop",
            _ => "stop",
        };
        ok = ok && await sse.EmitAsync(eventName: null, w => Chunk(w, id, model, created, static _ => { }, finish));
        ok = ok && await sse.EmitAsync(eventName: null, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "chat.completion.chunk");
            w.WriteString("model", model);
            w.WriteStartArray("choices");
            w.WriteEndArray();
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", usage.Input + usage.CacheRead);
            w.WriteNumber("completion_tokens", usage.Output);
            w.WriteNumber("total_tokens", usage.Input + usage.CacheRead + usage.Output);
            w.WriteStartObject("prompt_tokens_details");
            w.WriteNumber("cached_tokens", usage.CacheRead);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return ok && await sse.EmitDoneAsync();
    }

    private static void Chunk(Utf8JsonWriter w, string id, string model, int created, Action<Utf8JsonWriter> delta, string? finish)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", created);
        w.WriteString("model", model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        if (finish is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finish);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
