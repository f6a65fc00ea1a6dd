namespace Keel.Terminal.Input.KeyBindings;

/// <summary>Where a binding applies: everywhere, the input box, a dialog (permission, question, picker), or the Ctrl+O transcript view.</summary>
public static class KeyContexts
{
    public const string Global = "Global";
    public const string Chat = "Chat";
    public const string Confirmation = "Confirmation";
    public const string Transcript = "Transcript";

    public static IReadOnlyList<string> All { get; } = [Global, Chat, Confirmation, Transcript];

    /// <summary>The canonical name of a context as written in the file (any case; "input" and "dialog" are accepted too), or null.</summary>
    public static string? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "global" or "app" => Global,
        "chat" or "input" => Chat,
        "confirmation" or "dialog" => Confirmation,
        "transcript" => Transcript,
        _ => null,
    };
}
