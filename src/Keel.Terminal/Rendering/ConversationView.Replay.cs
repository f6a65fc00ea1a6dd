using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Terminal.Rendering.Text;
using Keel.Terminal.Rendering.ToolCards;

namespace Keel.Terminal.Rendering;

public sealed partial class ConversationView
{
    /// <summary>
    /// A resumed conversation drawn into the scrollback as it looked: prompts, answers, collapsed thinking and
    /// finished tool cards (no timings: the transcript has none). Only the last <paramref name="lastTurns"/> turns are
    /// drawn; a line says how many came before.
    /// </summary>
    /// <param name="describe">What a tool says about a recorded call (its card's summary), from its input.</param>
    public void Replay(IReadOnlyList<Message> messages, Func<ToolUseBlock, ToolFacets> describe, int lastTurns)
    {
        lock (_gate)
        {
            var starts = new List<int>();
            for (var i = 0; i < messages.Count; i++)
            {
                if (PromptText(messages[i]) is not null)
                {
                    starts.Add(i);
                }
            }

            var skipped = Math.Max(0, starts.Count - Math.Max(1, lastTurns));
            var from = skipped > 0 ? starts[skipped] : 0;
            if (skipped > 0)
            {
                Notice(_style.Dim($"{_style.Glyph("…", "...")} {skipped} earlier {(skipped == 1 ? "turn" : "turns")} (Ctrl+O shows the whole transcript)"));
            }

            var results = messages.SelectMany(static m => m.Content.OfType<ToolResultBlock>())
                .GroupBy(static r => r.ToolUseId, StringComparer.Ordinal)
                .ToDictionary(static g => g.Key, static g => g.Last(), StringComparer.Ordinal);
            for (var i = from; i < messages.Count; i++)
            {
                ReplayMessage(messages[i], results, describe);
            }
        }
    }

    private void ReplayMessage(Message message, Dictionary<string, ToolResultBlock> results, Func<ToolUseBlock, ToolFacets> describe)
    {
        if (message.Role == Role.User)
        {
            if (PromptText(message) is { } prompt)
            {
                _entries.Add(PromptEntry(prompt));
            }

            return;
        }

        foreach (var block in message.Content)
        {
            switch (block)
            {
                case TextBlock { Text.Length: > 0 } text:
                    var markdown = text.Text;
                    _entries.Add(width => _markdown.Render(markdown, width));
                    break;
                case ThinkingBlock { Thinking.Length: > 0 } thinking:
                    var count = thinking.Thinking.Trim('\n').Split('\n').Length;
                    var title = $"{_style.Glyph("✻", "*")} Thinking{_style.Glyph("…", "...")} ({count} {(count == 1 ? "line" : "lines")})";
                    _entries.Add(_ => [_style.Dim(title)]);
                    break;
                case ToolUseBlock call:
                    var result = results.GetValueOrDefault(call.Id);
                    var facets = describe(call);
                    var shown = new ToolResult(result?.Content ?? [new TextBlock("(no result recorded)")], result?.IsError ?? true);
                    var status = shown.IsError ? ToolCardStatus.Failed : ToolCardStatus.Succeeded;
                    _entries.Add(width => ToolCardRenderer.RenderFinished(call.Name, facets, shown, status, TimeSpan.Zero, width, _options, workingDirectory: _settings.WorkingDirectory, showDuration: false));
                    break;
            }
        }
    }

    /// <summary>What the user typed in a message, or null for a message of tool results or reminders only.</summary>
    private static string? PromptText(Message message)
    {
        if (message.Role != Role.User || message.Content.Any(static b => b is ToolResultBlock))
        {
            return null;
        }

        var text = string.Concat(message.Content.OfType<TextBlock>()
            .Where(static b => !b.Text.TrimStart().StartsWith("<system-reminder>", StringComparison.Ordinal) && !b.Text.StartsWith("<bash-input>", StringComparison.Ordinal))
            .Select(static b => b.Text)).Trim();
        return text.Length > 0 ? text : null;
    }
}
