using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>
/// Makes a conversation valid for the API again: roles alternate starting with the user,
/// every tool_use has exactly one tool_result right after it, and no result is orphaned.
/// </summary>
public static class ConversationRepair
{
    public const string InterruptedResult = "The session ended before this tool call finished; it was interrupted.";

    public static (IReadOnlyList<Message> Messages, int SyntheticResults) Repair(IReadOnlyList<Message> input)
    {
        var merged = MergeSameRole(input.SkipWhile(static m => m.Role != Role.User));
        var output = new List<Message>(merged.Count + 1);
        var synthetic = 0;
        for (var i = 0; i < merged.Count; i++)
        {
            var message = merged[i];
            if (message.Role == Role.Assistant)
            {
                output.Add(message);
                continue;
            }

            var previous = output.Count > 0 ? output[^1] : null;
            var expected = previous?.Role == Role.Assistant ? previous.ToolUses.Select(static t => t.Id).ToList() : [];
            var (fixedMessage, added) = FixResults(message, expected);
            synthetic += added;
            output.Add(fixedMessage);
        }

        if (output.Count > 0 && output[^1].Role == Role.Assistant && output[^1].ToolUses.Any())
        {
            var (results, added) = FixResults(new Message(Role.User, []), [.. output[^1].ToolUses.Select(static t => t.Id)]);
            synthetic += added;
            output.Add(results);
        }

        return (output, synthetic);
    }

    /// <summary>Appends a user message, merging it into a trailing user message if there is one.</summary>
    public static IReadOnlyList<Message> AppendUser(IReadOnlyList<Message> messages, Message user)
    {
        if (messages.Count > 0 && messages[^1].Role == Role.User)
        {
            return [.. messages.Take(messages.Count - 1), new Message(Role.User, [.. messages[^1].Content, .. user.Content])];
        }

        return [.. messages, user];
    }

    private static (Message Message, int Added) FixResults(Message user, List<string> expectedIds)
    {
        var results = new List<ContentBlock>();
        var others = new List<ContentBlock>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in user.Content)
        {
            if (block is ToolResultBlock result)
            {
                if (expectedIds.Contains(result.ToolUseId) && seen.Add(result.ToolUseId))
                {
                    results.Add(result);
                }
            }
            else
            {
                others.Add(block);
            }
        }

        var added = 0;
        var ordered = new List<ContentBlock>(expectedIds.Count + others.Count);
        foreach (var id in expectedIds)
        {
            var existing = results.OfType<ToolResultBlock>().FirstOrDefault(r => r.ToolUseId == id);
            if (existing is null)
            {
                added++;
                existing = new ToolResultBlock(id, [new TextBlock(InterruptedResult)], IsError: true);
            }

            ordered.Add(existing);
        }

        ordered.AddRange(others);
        if (ordered.Count == 0)
        {
            ordered.Add(new TextBlock("(empty message)"));
        }

        return (new Message(Role.User, ordered), added);
    }

    private static List<Message> MergeSameRole(IEnumerable<Message> messages)
    {
        var merged = new List<Message>();
        foreach (var message in messages)
        {
            if (merged.Count > 0 && merged[^1].Role == message.Role)
            {
                merged[^1] = new Message(message.Role, [.. merged[^1].Content, .. message.Content]);
            }
            else
            {
                merged.Add(message);
            }
        }

        return merged;
    }
}
