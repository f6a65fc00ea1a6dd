using Keel.Core.Messages;

namespace Keel.Core.Recovery;

/// <summary>
/// Thinking signatures are bound to the model that wrote them, so after a model change every
/// thinking and redacted-thinking block of earlier assistant messages is dropped whole.
/// </summary>
public static class ThinkingBlocks
{
    public static bool IsThinking(ContentBlock block) => block is ThinkingBlock or RedactedThinkingBlock;

    public static IReadOnlyList<Message> DropFromAssistantMessages(IReadOnlyList<Message> messages)
    {
        if (!messages.Any(static m => m.Role == Role.Assistant && m.Content.Any(IsThinking)))
        {
            return messages;
        }

        var result = new List<Message>(messages.Count);
        foreach (var message in messages)
        {
            if (message.Role != Role.Assistant || !message.Content.Any(IsThinking))
            {
                result.Add(message);
                continue;
            }

            var kept = message.Content.Where(static b => !IsThinking(b)).ToList();

            // A message that was only thinking would be empty, which the API rejects; drop it instead.
            if (kept.Count > 0)
            {
                result.Add(message with { Content = kept });
            }
        }

        return result;
    }
}
