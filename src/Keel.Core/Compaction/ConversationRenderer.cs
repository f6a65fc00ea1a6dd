using System.Text;
using Keel.Core.Messages;

namespace Keel.Core.Compaction;

/// <summary>
/// Turns messages into plain text for the summary request. Sending text (not the messages
/// themselves) makes the summary request its own small conversation: no tools, no pairing to
/// keep, and old groups can be dropped from the front freely.
/// </summary>
internal static class ConversationRenderer
{
    /// <summary>Long tool results only need their gist for a summary.</summary>
    private const int MaxToolResultChars = 2_000;

    /// <summary>Splits messages into rounds: a user message and the assistant reply after it.</summary>
    public static List<IReadOnlyList<Message>> Groups(IReadOnlyList<Message> messages)
    {
        var groups = new List<IReadOnlyList<Message>>();
        var current = new List<Message>();
        foreach (var message in messages)
        {
            if (message.Role == Role.User && current.Count > 0)
            {
                groups.Add(current);
                current = [];
            }

            current.Add(message);
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        return groups;
    }

    public static string Render(IEnumerable<IReadOnlyList<Message>> groups)
    {
        var text = new StringBuilder();
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in groups.SelectMany(static g => g))
        {
            text.Append(message.Role == Role.User ? "[user]\n" : "[assistant]\n");
            foreach (var block in message.Content)
            {
                RenderBlock(text, block, toolNames);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void RenderBlock(StringBuilder text, ContentBlock block, Dictionary<string, string> toolNames)
    {
        switch (block)
        {
            case TextBlock t:
                text.Append(t.Text).Append('\n');
                break;
            case ToolUseBlock use:
                toolNames[use.Id] = use.Name;
                text.Append("(tool call ").Append(use.Name).Append(") ").Append(use.Input.GetRawText()).Append('\n');
                break;
            case ToolResultBlock result:
                var name = toolNames.TryGetValue(result.ToolUseId, out var n) ? n : "tool";
                var body = string.Concat(result.Content.OfType<TextBlock>().Select(static b => b.Text));
                if (body.Length > MaxToolResultChars)
                {
                    body = string.Concat(body.AsSpan(0, MaxToolResultChars), $"\n... [{body.Length - MaxToolResultChars:N0} more characters]");
                }

                text.Append(result.IsError ? "(tool error from " : "(tool result from ").Append(name).Append(")\n").Append(body).Append('\n');
                break;
            case ImageBlock:
                text.Append("(image)\n");
                break;
            default:
                // Thinking and unknown blocks add nothing a summary needs.
                break;
        }
    }
}
