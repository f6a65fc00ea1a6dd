using System.Text.Json;

namespace Keel.Core.Messages;

/// <summary>
/// Hand-written JSON for messages. The same bytes go to the API and to the transcript,
/// and writing them by hand keeps every request byte-stable (prompt caching) and AOT-clean.
/// </summary>
public static class MessageJson
{
    /// <summary>Text longer than this is written in segments of this many characters.</summary>
    public const int SegmentChars = 16 * 1024;
    public static void WriteMessage(Utf8JsonWriter writer, Message message, bool cacheLastBlock = false)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role == Role.User ? "user" : "assistant");
        writer.WritePropertyName("content");
        writer.WriteStartArray();
        for (var i = 0; i < message.Content.Count; i++)
        {
            WriteBlock(writer, message.Content[i], cacheLastBlock && i == message.Content.Count - 1);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a string property; a long value goes in segments with a flush after each, so a writer over a
    /// stream sends it on as it goes instead of holding the whole escaped value (the bytes are the same).
    /// </summary>
    public static void WriteLongString(Utf8JsonWriter writer, string name, string value)
    {
        if (value.Length <= SegmentChars)
        {
            writer.WriteString(name, value);
            return;
        }

        writer.WritePropertyName(name);
        var rest = value.AsSpan();
        while (rest.Length > SegmentChars)
        {
            writer.WriteStringValueSegment(rest[..SegmentChars], isFinalSegment: false);
            writer.Flush();
            rest = rest[SegmentChars..];
        }

        writer.WriteStringValueSegment(rest, isFinalSegment: true);
    }

    public static void WriteBlock(Utf8JsonWriter writer, ContentBlock block, bool cacheControl = false)
    {
        if (block is UnknownBlock unknown)
        {
            // Preserved verbatim; a breakpoint cannot be added without rewriting it.
            unknown.Raw.WriteTo(writer);
            return;
        }

        if (block is WebSearchToolResultBlock searchResult)
        {
            searchResult.Raw.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        switch (block)
        {
            case TextBlock text:
                writer.WriteString("type", "text");
                WriteLongString(writer, "text", text.Text);
                break;
            case ThinkingBlock thinking:
                writer.WriteString("type", "thinking");
                writer.WriteString("thinking", thinking.Thinking);
                writer.WriteString("signature", thinking.Signature);
                break;
            case RedactedThinkingBlock redacted:
                writer.WriteString("type", "redacted_thinking");
                writer.WriteString("data", redacted.Data);
                break;
            case ToolUseBlock toolUse:
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", toolUse.Id);
                writer.WriteString("name", toolUse.Name);
                writer.WritePropertyName("input");
                if (toolUse.Input.ValueKind == JsonValueKind.Object)
                {
                    toolUse.Input.WriteTo(writer);
                }
                else
                {
                    // The API requires an object; a malformed input is sent back as empty.
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }

                break;
            case ServerToolUseBlock serverTool:
                writer.WriteString("type", "server_tool_use");
                writer.WriteString("id", serverTool.Id);
                writer.WriteString("name", serverTool.Name);
                writer.WritePropertyName("input");
                (serverTool.Input.ValueKind == JsonValueKind.Object ? serverTool.Input : EmptyObject).WriteTo(writer);
                break;
            case ToolResultBlock result:
                writer.WriteString("type", "tool_result");
                writer.WriteString("tool_use_id", result.ToolUseId);
                writer.WritePropertyName("content");
                if (result.Content is [TextBlock only])
                {
                    writer.WriteStringValue(only.Text);
                }
                else
                {
                    writer.WriteStartArray();
                    foreach (var inner in result.Content)
                    {
                        WriteBlock(writer, inner);
                    }

                    writer.WriteEndArray();
                }

                if (result.IsError)
                {
                    writer.WriteBoolean("is_error", value: true);
                }

                break;
            case ImageBlock image:
                writer.WriteString("type", "image");
                writer.WritePropertyName("source");
                writer.WriteStartObject();
                writer.WriteString("type", "base64");
                writer.WriteString("media_type", image.MediaType);
                writer.WriteString("data", image.Base64Data);
                writer.WriteEndObject();
                break;
            default:
                throw new NotSupportedException($"Unknown content block {block.GetType().Name}");
        }

        if (cacheControl)
        {
            WriteCacheControl(writer);
        }

        writer.WriteEndObject();
    }

    public static void WriteCacheControl(Utf8JsonWriter writer) => WriteCacheControl(writer, null);

    /// <param name="ttl">The cache lifetime (<c>1h</c>); null leaves the API's five-minute default.</param>
    public static void WriteCacheControl(Utf8JsonWriter writer, string? ttl)
    {
        writer.WritePropertyName("cache_control");
        writer.WriteStartObject();
        writer.WriteString("type", "ephemeral");
        if (ttl is not null)
        {
            writer.WriteString("ttl", ttl);
        }

        writer.WriteEndObject();
    }

    public static Message ReadMessage(JsonElement element)
    {
        var role = element.TryGetProperty("role", out var r) && r.ValueEquals("assistant") ? Role.Assistant : Role.User;
        var content = element.TryGetProperty("content", out var c) ? ReadContent(c) : [];
        return new Message(role, content);
    }

    /// <summary>Reads content given as a string or as an array of blocks.</summary>
    public static IReadOnlyList<ContentBlock> ReadContent(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return [new TextBlock(content.GetString() ?? string.Empty)];
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var blocks = new List<ContentBlock>(content.GetArrayLength());
        foreach (var item in content.EnumerateArray())
        {
            blocks.Add(ReadBlock(item));
        }

        return blocks;
    }

    public static ContentBlock ReadBlock(JsonElement block)
    {
        var type = block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
        switch (type)
        {
            case "text":
                return new TextBlock(GetString(block, "text"));
            case "thinking":
                return new ThinkingBlock(GetString(block, "thinking"), GetString(block, "signature"));
            case "redacted_thinking":
                return new RedactedThinkingBlock(GetString(block, "data"));
            case "tool_use":
                var input = block.TryGetProperty("input", out var i) ? i.Clone() : EmptyObject;
                return new ToolUseBlock(GetString(block, "id"), GetString(block, "name"), input);
            case "tool_result":
                var content = block.TryGetProperty("content", out var c) ? ReadContent(c) : [];
                var isError = block.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True;
                return new ToolResultBlock(GetString(block, "tool_use_id"), content, isError);
            case "server_tool_use":
                return new ServerToolUseBlock(GetString(block, "id"), GetString(block, "name"), block.TryGetProperty("input", out var si) ? si.Clone() : EmptyObject);
            case "web_search_tool_result":
                return ReadWebSearchResult(block);
            case "image" when block.TryGetProperty("source", out var source)
                && source.TryGetProperty("type", out var st) && st.ValueEquals("base64"):
                return new ImageBlock(GetString(source, "media_type"), GetString(source, "data"));
            default:
                return new UnknownBlock(type, block.Clone());
        }
    }

    private static WebSearchToolResultBlock ReadWebSearchResult(JsonElement block)
    {
        var hits = new List<WebSearchHit>();
        string? errorCode = null;
        if (block.TryGetProperty("content", out var content))
        {
            if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in content.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("url", out _))
                    {
                        var age = item.TryGetProperty("page_age", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                        hits.Add(new WebSearchHit(GetString(item, "title"), GetString(item, "url"), age));
                    }
                }
            }
            else if (content.ValueKind == JsonValueKind.Object)
            {
                errorCode = GetString(content, "error_code");
            }
        }

        return new WebSearchToolResultBlock(GetString(block, "tool_use_id"), hits, errorCode, block.Clone());
    }

    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    private static string GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? string.Empty
            : string.Empty;
}
