namespace Keel.Terminal.Input;

/// <summary>
/// One decoded key press. <see cref="Text"/> holds the character for <see cref="Key.Char"/>, the letter for
/// <see cref="Key.Ctrl"/> / <see cref="Key.Alt"/> (lower case), and the whole text for <see cref="Key.Paste"/>.
/// </summary>
public sealed record KeyEvent(Key Key, string Text = "")
{
    public static KeyEvent Ctrl(char letter) => new(Key.Ctrl, letter.ToString());

    public bool IsCtrl(char letter) => Key == Key.Ctrl && Text.Length == 1 && Text[0] == letter;

    public bool IsAlt(char letter) => Key == Key.Alt && Text.Length == 1 && Text[0] == letter;
}
