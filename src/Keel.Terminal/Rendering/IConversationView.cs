using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Tools;

namespace Keel.Terminal.Rendering;

/// <summary>
/// Turns the agent's event stream into terminal lines. Finished parts (a Markdown block, a completed
/// tool card) become committed lines that go to scrollback once and never change; the part still in
/// progress (streaming tail, running tools, spinner) is the live region, redrawn in place.
/// Lines may carry ANSI styling (none when <see cref="RenderOptions.Color"/> is false) and never contain '\n'.
/// </summary>
public interface IConversationView
{
    void OnEvent(AgentEvent agentEvent);

    /// <summary>The user's prompt as echoed into scrollback when it is sent.</summary>
    void OnUserPrompt(string text);

    /// <summary>A resumed conversation drawn into the scrollback: its last <paramref name="lastTurns"/> turns, with a line for the earlier ones.</summary>
    void Replay(IReadOnlyList<Message> messages, Func<ToolUseBlock, ToolFacets> describe, int lastTurns);

    /// <summary>Ctrl+T: shows or hides the task list; returns whether it is now shown.</summary>
    bool ToggleTodos();

    /// <summary>Lines finished since the last call, wrapped to <paramref name="width"/>.</summary>
    IReadOnlyList<string> TakeCommitted(int width);

    /// <summary>The in-progress part, wrapped to <paramref name="width"/>; <paramref name="now"/> drives spinners and elapsed times.</summary>
    IReadOnlyList<string> LiveLines(int width, DateTimeOffset now);
}
