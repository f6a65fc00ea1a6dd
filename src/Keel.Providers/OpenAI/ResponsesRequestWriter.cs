using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Providers.OpenAI;

/// <summary>
/// Keel's request as a Responses API body: the system prompt as <c>instructions</c>, the conversation as
/// input items (messages, <c>function_call</c> and <c>function_call_output</c>), tools as functions, thinking
/// as <c>reasoning.effort</c>. Nothing is stored server-side (<c>store: false</c>): every request is complete.
/// </summary>
public static class ResponsesRequestWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ModelRequest request, OpenAIOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("model", request.Model);
            if (request.System.Count > 0)
            {
                w.WriteString("instructions", OpenAIContent.SystemText(request.System));
            }

            w.WriteStartArray("input");
            foreach (var message in request.Messages)
            {
                if (message.Role == Role.Assistant)
                {
                    WriteAssistant(w, message);
                }
                else
                {
                    WriteUser(w, message);
                }
            }

            w.WriteEndArray();
            if (request.Tools.Count > 0)
            {
                w.WriteStartArray("tools");
                foreach (var tool in request.Tools)
                {
                    w.WriteStartObject();
                    w.WriteString("type", "function");
                    w.WriteString("name", tool.Name);
                    w.WriteString("description", tool.Description);
                    w.WritePropertyName("parameters");
                    tool.InputSchema.WriteTo(w);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (!options.ParallelToolCalls(request.Model))
                {
                    w.WriteBoolean("parallel_tool_calls", value: false);
                }
            }

            w.WriteNumber("max_output_tokens", request.MaxTokens);
            if (OpenAIContent.ReasoningEffort(request.Thinking) is { } effort)
            {
                w.WriteStartObject("reasoning");
                w.WriteString("effort", effort);
                w.WriteString("summary", "auto");
                w.WriteEndObject();
            }

            w.WriteBoolean("store", value: false);
            w.WriteBoolean("stream", value: true);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteAssistant(Utf8JsonWriter w, Message message)
    {
        foreach (var block in message.Content)
        {
            switch (block)
            {
                case TextBlock { Text.Length: > 0 } text:
                    w.WriteStartObject();
                    w.WriteString("role", "assistant");
                    w.WriteStartArray("content");
                    w.WriteStartObject();
                    w.WriteString("type", "output_text");
                    w.WriteString("text", text.Text);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                    break;
                case ToolUseBlock call:
                    w.WriteStartObject();
                    w.WriteString("type", "function_call");
                    w.WriteString("call_id", call.Id);
                    w.WriteString("name", call.Name);
                    w.WriteString("arguments", call.Input.ValueKind == JsonValueKind.String ? call.Input.GetString() : call.Input.GetRawText());
                    w.WriteEndObject();
                    break;
            }
        }
    }

    private static void WriteUser(Utf8JsonWriter w, Message message)
    {
        var images = new List<ImageBlock>();
        foreach (var result in message.Content.OfType<ToolResultBlock>())
        {
            w.WriteStartObject();
            w.WriteString("type", "function_call_output");
            w.WriteString("call_id", result.ToolUseId);
            w.WriteString("output", OpenAIContent.ToolResultText(result));
            w.WriteEndObject();
            images.AddRange(result.Content.OfType<ImageBlock>());
        }

        var parts = message.Content.Where(static b => b is TextBlock or ImageBlock).Concat(images).ToList();
        if (parts.Count == 0)
        {
            return;
        }

        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WriteStartArray("content");
        foreach (var part in parts)
        {
            w.WriteStartObject();
            if (part is TextBlock t)
            {
                w.WriteString("type", "input_text");
                w.WriteString("text", t.Text);
            }
            else if (part is ImageBlock image)
            {
                w.WriteString("type", "input_image");
                w.WriteString("image_url", OpenAIContent.DataUrl(image));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
