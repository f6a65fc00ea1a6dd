using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Anthropic.Requests;

/// <summary>
/// Writes a <see cref="ModelRequest"/> as the Messages API body. Written by hand in a fixed key
/// order so the same request always gives the same bytes: prompt caching matches on them.
/// </summary>
public static class AnthropicRequestWriter
{
    /// <summary>The API accepts at most this many <c>cache_control</c> markers per request.</summary>
    public const int MaxCacheBreakpoints = 4;

    // Relaxed escaping keeps non-ASCII text as UTF-8 instead of \uXXXX: smaller and still valid JSON.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ModelRequest request) => Write(request, MessagesBodyShape.Anthropic);

    /// <summary>The body in a cloud's variant of the format (Bedrock and Vertex put the model in the URL).</summary>
    public static byte[] Write(ModelRequest request, MessagesBodyShape shape)
    {
        var buffer = new ArrayBufferWriter<byte>(EstimateSize(request));
        Write(buffer, request, shape);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> output, ModelRequest request) => Write(output, request, MessagesBodyShape.Anthropic);

    public static void Write(IBufferWriter<byte> output, ModelRequest request, MessagesBodyShape shape)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        if (shape.AnthropicVersion is { } version)
        {
            writer.WriteString("anthropic_version", version);
        }

        if (shape.IncludeModel)
        {
            writer.WriteString("model", request.Model);
        }

        if (shape.Betas.Count > 0)
        {
            writer.WritePropertyName("anthropic_beta");
            writer.WriteStartArray();
            foreach (var beta in shape.Betas)
            {
                writer.WriteStringValue(beta);
            }

            writer.WriteEndArray();
        }

        // Stable parts first, in the order the API caches them (tools, system, messages), so
        // consecutive bodies share a byte prefix up to the newest message; volatile fields last.
        // Budget: the last tool and the last message always get theirs, so the system
        // breakpoints (and with them the system bytes) do not change from turn to turn.
        // A model without prompt caching gets no markers at all.
        var caching = request.PromptCaching;
        var systemBudget = !caching ? 0 : MaxCacheBreakpoints - (request.Tools.Count > 0 ? 1 : 0) - (request.Messages.Count > 0 ? 1 : 0);
        WriteTools(writer, request.Tools, request.ServerTools, caching ? Math.Clamp(request.CachedToolCount ?? request.Tools.Count, 0, request.Tools.Count) - 1 : -1, request.CacheTtl);
        WriteSystem(writer, request.System, systemBudget, request.CacheTtl);
        WriteMessages(writer, request.Messages, caching);

        if (request.SessionId is { } sessionId)
        {
            writer.WritePropertyName("metadata");
            writer.WriteStartObject();
            writer.WriteString("user_id", sessionId);
            writer.WriteEndObject();
        }

        writer.WriteNumber("max_tokens", request.MaxTokens);

        if (request.Thinking?.BudgetTokens is { } budget)
        {
            writer.WritePropertyName("thinking");
            writer.WriteStartObject();
            writer.WriteString("type", "enabled");
            writer.WriteNumber("budget_tokens", budget);
            WriteDisplay(writer, request.Thinking);
            writer.WriteEndObject();
        }
        else if (request.Thinking is { IsAdaptive: true, Effort: { } effort })
        {
            writer.WritePropertyName("thinking");
            writer.WriteStartObject();
            writer.WriteString("type", "adaptive");
            WriteDisplay(writer, request.Thinking);
            writer.WriteEndObject();
            writer.WritePropertyName("output_config");
            writer.WriteStartObject();
            writer.WriteString("effort", effort);
            writer.WriteEndObject();
        }

        if (shape.IncludeStream)
        {
            writer.WriteBoolean("stream", value: true);
        }

        writer.WriteEndObject();
    }

    private static void WriteDisplay(Utf8JsonWriter writer, ThinkingConfig thinking)
    {
        if (thinking.Display is { } display)
        {
            writer.WriteString("display", display);
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<Message> messages, bool caching)
    {
        writer.WritePropertyName("messages");
        writer.WriteStartArray();
        var last = messages.Count - 1;
        for (var i = 0; i < last; i++)
        {
            MessageJson.WriteMessage(writer, messages[i]);
        }

        if (last >= 0 && caching)
        {
            WriteLastMessage(writer, messages[last]);
        }
        else if (last >= 0)
        {
            MessageJson.WriteMessage(writer, messages[last]);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// The newest message carries a breakpoint on its last block that may hold one
    /// (thinking blocks cannot, and unknown blocks are kept verbatim).
    /// </summary>
    private static void WriteLastMessage(Utf8JsonWriter writer, Message message)
    {
        var content = message.Content;
        var cacheIndex = content.Count - 1;
        while (cacheIndex >= 0 && content[cacheIndex] is ThinkingBlock or RedactedThinkingBlock or UnknownBlock or WebSearchToolResultBlock)
        {
            cacheIndex--;
        }

        if (cacheIndex == content.Count - 1)
        {
            MessageJson.WriteMessage(writer, message, cacheLastBlock: cacheIndex >= 0);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", message.Role == Role.User ? "user" : "assistant");
        writer.WritePropertyName("content");
        writer.WriteStartArray();
        for (var i = 0; i < content.Count; i++)
        {
            MessageJson.WriteBlock(writer, content[i], cacheControl: i == cacheIndex);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSystem(Utf8JsonWriter writer, IReadOnlyList<SystemBlock> system, int budget, string? ttl)
    {
        if (system.Count == 0)
        {
            return;
        }

        writer.WritePropertyName("system");
        writer.WriteStartArray();
        foreach (var block in system)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("text", block.Text);

            // The earliest breakpoints cover the most stable prefix, so later ones are dropped first.
            if (block.CacheBreakpoint && budget > 0)
            {
                budget--;
                MessageJson.WriteCacheControl(writer, ttl);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteTools(Utf8JsonWriter writer, IReadOnlyList<ToolDefinition> tools, IReadOnlyList<JsonElement> serverTools, int breakpointIndex, string? ttl)
    {
        if (tools.Count == 0 && serverTools.Count == 0)
        {
            return;
        }

        writer.WritePropertyName("tools");
        writer.WriteStartArray();
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            writer.WriteStartObject();
            writer.WriteString("name", tool.Name);
            writer.WriteString("description", tool.Description);
            writer.WritePropertyName("input_schema");
            if (tool.InputSchema.ValueKind == JsonValueKind.Object)
            {
                tool.InputSchema.WriteTo(writer);
            }
            else
            {
                // The API requires an object schema; an unset one means "no input".
                writer.WriteStartObject();
                writer.WriteString("type", "object");
                writer.WriteEndObject();
            }

            if (i == breakpointIndex)
            {
                // Tools come first on the wire: a longer lifetime must not follow a shorter one, so they share the system's.
                MessageJson.WriteCacheControl(writer, ttl);
            }

            writer.WriteEndObject();
        }

        foreach (var serverTool in serverTools)
        {
            serverTool.WriteTo(writer);
        }

        writer.WriteEndArray();
    }

    private static int EstimateSize(ModelRequest request)
    {
        // A rough first guess that avoids most regrowth for typical requests.
        var size = 1024 + (request.Tools.Count * 1024) + (request.Messages.Count * 512);
        foreach (var block in request.System)
        {
            size += block.Text.Length;
        }

        return Math.Min(size, 4 * 1024 * 1024);
    }
}
