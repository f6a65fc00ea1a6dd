namespace Keel.Terminal.Input.KeyBindings;

/// <summary>Something a key can be bound to: its name in the file, the context it belongs to, and the key that does it by default.</summary>
public sealed record KeyAction(string Name, string Context, string DefaultKey, string Description);
