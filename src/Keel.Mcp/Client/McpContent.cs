using System.Text;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Tools;
using ModelContextProtocol.Protocol;
using McpBlock = ModelContextProtocol.Protocol.ContentBlock;

namespace Keel.Mcp.Client;

/// <summary>
/// Maps MCP results to what the model sees: text stays text, images become image blocks, embedded
/// resources their text (binary ones a short note), links a line naming them. Text beyond the cap is cut
/// here when images are present (the runner's spill-to-file handles text-only results).
/// </summary>
public static class McpContent
{
    public static ToolResult ToToolResult(CallToolResult result, int maxChars)
    {
        var blocks = new List<Keel.Core.Messages.ContentBlock>();
        foreach (var block in result.Content)
        {
            if (Map(block) is { } mapped)
            {
                blocks.Add(mapped);
            }
        }

        if (blocks.Count == 0 && result.StructuredContent is { } structured)
        {
            blocks.Add(new TextBlock(structured.GetRawText()));
        }

        if (blocks.Count == 0)
        {
            blocks.Add(new TextBlock(result.IsError == true ? "The tool failed without a message." : "(the tool returned no content)"));
        }

        if (blocks.Any(static b => b is not TextBlock))
        {
            blocks = Cap(blocks, maxChars);
        }
        else if (blocks.Count > 1)
        {
            // One text block keeps the spill-to-file preview simple and the result compact.
            blocks = [new TextBlock(string.Join("\n", blocks.Cast<TextBlock>().Select(static b => b.Text)))];
        }

        return new ToolResult(blocks, result.IsError == true);
    }

    public static Keel.Core.Messages.ContentBlock? Map(McpBlock block) => block switch
    {
        TextContentBlock text => new TextBlock(text.Text),
        ImageContentBlock image => new ImageBlock(image.MimeType, Encoding.UTF8.GetString(image.Data.Span)),
        EmbeddedResourceBlock { Resource: TextResourceContents text } => new TextBlock(text.Text),
        EmbeddedResourceBlock { Resource: BlobResourceContents blob } => new TextBlock($"[binary resource {blob.Uri} ({blob.MimeType ?? "unknown type"}), {blob.Blob.Length * 3 / 4:N0} bytes, not shown]"),
        ResourceLinkBlock link => new TextBlock($"[resource link: {link.Uri}{(link.Name is { Length: > 0 } name ? $" ({name})" : string.Empty)}{(link.Description is { Length: > 0 } d ? $" — {d}" : string.Empty)}]"),
        AudioContentBlock audio => new TextBlock($"[audio ({audio.MimeType}) not shown]"),
        _ => new TextBlock($"[{block.Type} content not shown]"),
    };

    /// <summary>Text of resource contents, for ReadMcpResource.</summary>
    public static string Describe(ResourceContents contents) => contents switch
    {
        TextResourceContents text => text.Text,
        BlobResourceContents blob => $"[binary content of {blob.Uri} ({blob.MimeType ?? "unknown type"}), {blob.Blob.Length * 3 / 4:N0} bytes, not shown]",
        _ => $"[content of {contents.Uri} not shown]",
    };

    /// <summary>Arguments for a call: the model's JSON object as a name → value map.</summary>
    public static IReadOnlyDictionary<string, object?> Arguments(JsonElement input)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (input.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in input.EnumerateObject())
            {
                map[property.Name] = property.Value.Clone();
            }
        }

        return map;
    }

    private static List<Keel.Core.Messages.ContentBlock> Cap(List<Keel.Core.Messages.ContentBlock> blocks, int maxChars)
    {
        var left = maxChars;
        var capped = new List<Keel.Core.Messages.ContentBlock>(blocks.Count);
        foreach (var block in blocks)
        {
            if (block is TextBlock text)
            {
                if (left <= 0)
                {
                    continue;
                }

                capped.Add(text.Text.Length <= left ? text : new TextBlock(text.Text[..left] + $"\n[... output cut at {maxChars:N0} characters]"));
                left -= text.Text.Length;
            }
            else
            {
                capped.Add(block);
            }
        }

        return capped;
    }
}
