namespace Keel.Terminal.Input.KeyBindings;

/// <summary>
/// The actions a binding can name. Each is what its default key does, so a bound key acts exactly like
/// that default key in the same place; the defaults themselves keep working unless bound to something else
/// or to null.
/// </summary>
public static class KeyActions
{
    public static IReadOnlyList<KeyAction> All { get; } =
    [
        new("app:interrupt", KeyContexts.Global, "ctrl+c", "interrupt the turn, clear the input; twice exits"),
        new("app:exit", KeyContexts.Global, "ctrl+d", "exit when the input is empty"),
        new("app:redraw", KeyContexts.Global, "ctrl+l", "clear and redraw the screen"),
        new("app:toggleTranscript", KeyContexts.Global, "ctrl+o", "open or close the detailed transcript"),
        new("chat:submit", KeyContexts.Chat, "enter", "send the prompt"),
        new("chat:newline", KeyContexts.Chat, "shift+enter", "start a new line"),
        new("chat:cancel", KeyContexts.Chat, "escape", "interrupt the turn; twice on an empty input rewinds"),
        new("chat:cycleMode", KeyContexts.Chat, "shift+tab", "cycle the permission mode"),
        new("chat:complete", KeyContexts.Chat, "tab", "complete a command or file name"),
        new("history:previous", KeyContexts.Chat, "up", "older prompt (or line up)"),
        new("history:next", KeyContexts.Chat, "down", "newer prompt (or line down)"),
        new("history:search", KeyContexts.Chat, "ctrl+r", "search prompt history"),
        new("chat:lineStart", KeyContexts.Chat, "ctrl+a", "start of the line"),
        new("chat:lineEnd", KeyContexts.Chat, "ctrl+e", "end of the line"),
        new("chat:wordLeft", KeyContexts.Chat, "alt+b", "back a word"),
        new("chat:wordRight", KeyContexts.Chat, "alt+f", "forward a word"),
        new("chat:deleteToLineEnd", KeyContexts.Chat, "ctrl+k", "delete to the end of the line"),
        new("chat:deleteToLineStart", KeyContexts.Chat, "ctrl+u", "delete to the start of the line"),
        new("chat:deleteWordBack", KeyContexts.Chat, "ctrl+w", "delete the word before the cursor"),
        new("chat:yank", KeyContexts.Chat, "ctrl+y", "paste the last deleted text"),
        new("confirm:accept", KeyContexts.Confirmation, "enter", "choose the highlighted option"),
        new("confirm:no", KeyContexts.Confirmation, "escape", "dismiss the dialog"),
        new("confirm:previous", KeyContexts.Confirmation, "up", "highlight the option above"),
        new("confirm:next", KeyContexts.Confirmation, "down", "highlight the option below"),
        new("transcript:exit", KeyContexts.Transcript, "escape", "back to the conversation"),
        new("transcript:scrollUp", KeyContexts.Transcript, "up", "scroll up a line"),
        new("transcript:scrollDown", KeyContexts.Transcript, "down", "scroll down a line"),
        new("transcript:pageUp", KeyContexts.Transcript, "pageup", "scroll up a page"),
        new("transcript:pageDown", KeyContexts.Transcript, "pagedown", "scroll down a page"),
        new("transcript:top", KeyContexts.Transcript, "home", "the start of the conversation"),
        new("transcript:bottom", KeyContexts.Transcript, "end", "the end of the conversation"),
    ];

    /// <summary>Keys that cannot be rebound: they must always be able to stop Keel.</summary>
    public static IReadOnlyList<string> Reserved { get; } = ["ctrl+c", "ctrl+d"];

    public static KeyAction? Find(string name) => All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>The action a misspelt <paramref name="name"/> most likely meant (other case, other prefix, or two edits away), if any.</summary>
    public static KeyAction? Closest(string name)
    {
        var lower = name.ToLowerInvariant();
        var suffix = lower[(lower.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return All.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(a => suffix.Length > 0 && a.Name.ToLowerInvariant().EndsWith(":" + suffix, StringComparison.Ordinal))
            ?? All.Select(a => (Action: a, Distance: Keel.Core.Text.EditDistance.Between(a.Name.ToLowerInvariant(), lower))).Where(static c => c.Distance <= 2).OrderBy(static c => c.Distance).Select(static c => c.Action).FirstOrDefault();
    }

    /// <summary>What <paramref name="key"/> does by default in <paramref name="context"/> (its own actions first, then global ones).</summary>
    public static KeyAction? DefaultFor(string context, string key) =>
        All.FirstOrDefault(a => a.Context == context && a.DefaultKey == key)
        ?? All.FirstOrDefault(a => a.Context == KeyContexts.Global && a.DefaultKey == key);
}
