using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Providers.OpenAI;

/// <summary>
/// Keel's request as a Chat Completions body: the system prompt as one system message, tool results as
/// <c>tool</c> messages right after the assistant turn that called them, images as data URLs, tools as
/// functions, thinking as <c>reasoning_effort</c>, and usage requested in the stream.
/// </summary>
public static class ChatRequestWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ModelRequest request, OpenAIOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            if (!options.IsAzure || options.AzureApiVersion is "v1" or "preview")
            {
                w.WriteString("model", request.Model);
            }

            w.WriteStartArray("messages");
            if (request.System.Count > 0)
            {
                w.WriteStartObject();
                w.WriteString("role", "system");
                w.WriteString("content", OpenAIContent.SystemText(request.System));
                w.WriteEndObject();
            }

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
                    w.WriteStartObject("function");
                    w.WriteString("name", tool.Name);
                    w.WriteString("description", tool.Description);
                    w.WritePropertyName("parameters");
                    tool.InputSchema.WriteTo(w);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (!options.ParallelToolCalls(request.Model))
                {
                    w.WriteBoolean("parallel_tool_calls", value: false);
                }
            }

            w.WriteNumber(options.UseMaxCompletionTokens ? "max_completion_tokens" : "max_tokens", request.MaxTokens);
            if (OpenAIContent.ReasoningEffort(request.Thinking) is { } effort)
            {
                w.WriteString("reasoning_effort", effort);
            }

            w.WriteBoolean("stream", value: true);
            w.WriteStartObject("stream_options");
            w.WriteBoolean("include_usage", value: true);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteAssistant(Utf8JsonWriter w, Message message)
    {
        var text = string.Concat(message.Content.OfType<TextBlock>().Select(static t => t.Text));
        var calls = message.Content.OfType<ToolUseBlock>().ToList();
        if (text.Length == 0 && calls.Count == 0)
        {
            return;
        }

        w.WriteStartObject();
        w.WriteString("role", "assistant");
        if (text.Length > 0)
        {
            w.WriteString("content", text);
        }
        else
        {
            w.WriteNull("content");
        }

        if (calls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.Id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.Input.ValueKind == JsonValueKind.String ? call.Input.GetString() : call.Input.GetRawText());
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter w, Message message)
    {
        // Tool answers first: they must directly follow the assistant message with the calls.
        var images = new List<ImageBlock>();
        foreach (var result in message.Content.OfType<ToolResultBlock>())
        {
            w.WriteStartObject();
            w.WriteString("role", "tool");
            w.WriteString("tool_call_id", result.ToolUseId);
            w.WriteString("content", OpenAIContent.ToolResultText(result));
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
        if (parts.All(static p => p is TextBlock))
        {
            w.WriteString("content", string.Join("\n\n", parts.Cast<TextBlock>().Select(static t => t.Text)));
        }
        else
        {
            w.WriteStartArray("content");
            foreach (var part in parts)
            {
                w.WriteStartObject();
                if (part is TextBlock t)
                {
                    w.WriteString("type", "text");
                    w.WriteString("text", t.Text);
                }
                else if (part is ImageBlock image)
                {
                    w.WriteString("type", "image_url");
                    w.WriteStartObject("image_url");
                    w.WriteString("url", OpenAIContent.DataUrl(image));
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }
}
