using System.Text.Json;
using Keel.Core.Messages;

namespace Keel.Cli.Acp;

/// <summary>A <c>session/prompt</c>'s content blocks as the user message Keel sends the model.</summary>
internal static class AcpPromptContent
{
    /// <summary>The message, or an error naming what could not be read.</summary>
    public static (Message? Message, string? Error) Read(JsonElement prompt)
    {
        if (prompt.ValueKind != JsonValueKind.Array)
        {
            return (null, "prompt must be an array of content blocks");
        }

        var blocks = new List<ContentBlock>();
        foreach (var item in prompt.EnumerateArray())
        {
            var type = Text(item, "type");
            switch (type)
            {
                case "text" when Text(item, "text") is { } text:
                    blocks.Add(new TextBlock(text));
                    break;
                case "image" when Text(item, "data") is { } data && Text(item, "mimeType") is { } mime:
                    blocks.Add(new ImageBlock(mime, data));
                    break;
                case "resource_link" when Text(item, "uri") is { } uri:
                    // A file the user attached by reference: the model reads it with its tools if it needs to.
                    blocks.Add(new TextBlock($"[{Text(item, "name") ?? uri}]({uri})"));
                    break;
                case "resource" when item.TryGetProperty("resource", out var resource) && Text(resource, "uri") is { } uri:
                    blocks.Add(new TextBlock(Text(resource, "text") is { } body
                        ? $"<context ref=\"{uri}\">\n{body}\n</context>"
                        : $"[{uri}]({uri})"));
                    break;
                default:
                    return (null, $"unsupported prompt content block '{type ?? "(no type)"}'");
            }
        }

        return blocks.Count == 0 ? (null, "the prompt is empty") : (new Message(Role.User, blocks), null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
