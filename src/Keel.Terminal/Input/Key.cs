namespace Keel.Terminal.Input;

/// <summary>The keys the editor and dialogs act on; printable input is <see cref="Char"/>.</summary>
public enum Key
{
    Char,
    Enter,
    ShiftEnter,
    Tab,
    ShiftTab,
    Backspace,
    Delete,
    Escape,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    WordLeft,
    WordRight,
    Paste,
    Ctrl,
    Alt,
    Unknown,
}
