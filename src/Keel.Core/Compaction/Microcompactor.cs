using Keel.Core.Messages;

namespace Keel.Core.Compaction;

/// <summary>
/// The cheap rung: replaces the content of tool results older than the most recent few with a
/// short marker. The tool_result blocks themselves stay, so every tool_use keeps its answer.
/// </summary>
public static class Microcompactor
{
    public const string ClearedMarker = "[old tool result cleared to save context; re-run the tool if needed]";

    /// <summary>The conversation with old results cleared, and how many tokens that frees (0: nothing to clear).</summary>
    public static (IReadOnlyList<Message> Messages, int Cleared, long FreedTokens) Clear(IReadOnlyList<Message> messages, int keepRecent)
    {
        var positions = new List<(int Message, int Block)>();
        for (var m = 0; m < messages.Count; m++)
        {
            var content = messages[m].Content;
            for (var b = 0; b < content.Count; b++)
            {
                if (content[b] is ToolResultBlock)
                {
                    positions.Add((m, b));
                }
            }
        }

        var clearable = positions.Take(Math.Max(0, positions.Count - keepRecent))
            .Where(p => !IsCleared((ToolResultBlock)messages[p.Message].Content[p.Block]))
            .ToList();
        if (clearable.Count == 0)
        {
            return (messages, 0, 0);
        }

        var output = messages.ToArray();
        long freed = 0;
        foreach (var group in clearable.GroupBy(static p => p.Message))
        {
            var original = messages[group.Key];
            var blocks = original.Content.ToArray();
            foreach (var (_, b) in group)
            {
                var result = (ToolResultBlock)blocks[b];
                blocks[b] = result with { Content = [new TextBlock(ClearedMarker)] };
            }

            output[group.Key] = original with { Content = blocks };
            freed += TokenEstimator.Estimate(original) - TokenEstimator.Estimate(output[group.Key]);
        }

        return (output, clearable.Count, Math.Max(0, freed));
    }

    public static bool IsCleared(ToolResultBlock result) =>
        result.Content is [TextBlock { Text: ClearedMarker }];
}
