namespace Keel.Terminal.Input.KeyBindings;

/// <summary>One entry of keybindings.json: in <paramref name="Context"/>, the key sequence <paramref name="Keys"/> runs <paramref name="Action"/> (null: does nothing).</summary>
public sealed record KeyBinding(string Context, IReadOnlyList<string> Keys, string? Action, int Line, int Column)
{
    public string Chord => string.Join(' ', Keys);
}
