namespace Keel.Terminal.Input.KeyBindings;

/// <summary>
/// Key names as written in keybindings.json ("ctrl+k", "shift+tab", "alt+f", "enter", "x", "ctrl+k ctrl+s"),
/// and the name of a decoded key press. Only what a terminal can tell apart is accepted.
/// </summary>
public static class KeyChords
{
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["enter"] = "enter",
        ["return"] = "enter",
        ["tab"] = "tab",
        ["escape"] = "escape",
        ["esc"] = "escape",
        ["backspace"] = "backspace",
        ["delete"] = "delete",
        ["del"] = "delete",
        ["up"] = "up",
        ["down"] = "down",
        ["left"] = "left",
        ["right"] = "right",
        ["home"] = "home",
        ["end"] = "end",
        ["pageup"] = "pageup",
        ["pagedown"] = "pagedown",
        ["space"] = "space",
    };

    /// <summary>Splits a chord into canonical key names; null with <paramref name="error"/> when a part is not a key a terminal sends.</summary>
    public static IReadOnlyList<string>? Parse(string chord, out string? error)
    {
        var keys = new List<string>();
        foreach (var part in chord.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ParseKey(part, out error) is not { } key)
            {
                return null;
            }

            keys.Add(key);
        }

        error = keys.Count == 0 ? "an empty key" : null;
        return keys.Count == 0 ? null : keys;
    }

    /// <summary>The canonical name of a decoded key press, or null for input that is not a key (a paste).</summary>
    public static string? Name(KeyEvent key) => key.Key switch
    {
        Key.Char when key.Text == " " => "space",
        Key.Char when key.Text.Length == 1 && char.IsAsciiLetterUpper(key.Text[0]) => "shift+" + char.ToLowerInvariant(key.Text[0]),
        Key.Char => key.Text,
        Key.Ctrl => "ctrl+" + key.Text,
        Key.Alt => "alt+" + key.Text,
        Key.Enter => "enter",
        Key.ShiftEnter => "shift+enter",
        Key.Tab => "tab",
        Key.ShiftTab => "shift+tab",
        Key.Backspace => "backspace",
        Key.Delete => "delete",
        Key.Escape => "escape",
        Key.Up => "up",
        Key.Down => "down",
        Key.Left => "left",
        Key.Right => "right",
        Key.Home => "home",
        Key.End => "end",
        Key.PageUp => "pageup",
        Key.PageDown => "pagedown",
        Key.WordLeft => "ctrl+left",
        Key.WordRight => "ctrl+right",
        _ => null,
    };

    /// <summary>The key press a canonical name stands for (the inverse of <see cref="Name"/>).</summary>
    public static KeyEvent ToKey(string name) => name switch
    {
        "space" => new KeyEvent(Key.Char, " "),
        "enter" => new KeyEvent(Key.Enter),
        "shift+enter" => new KeyEvent(Key.ShiftEnter),
        "tab" => new KeyEvent(Key.Tab),
        "shift+tab" => new KeyEvent(Key.ShiftTab),
        "backspace" => new KeyEvent(Key.Backspace),
        "delete" => new KeyEvent(Key.Delete),
        "escape" => new KeyEvent(Key.Escape),
        "up" => new KeyEvent(Key.Up),
        "down" => new KeyEvent(Key.Down),
        "left" => new KeyEvent(Key.Left),
        "right" => new KeyEvent(Key.Right),
        "home" => new KeyEvent(Key.Home),
        "end" => new KeyEvent(Key.End),
        "pageup" => new KeyEvent(Key.PageUp),
        "pagedown" => new KeyEvent(Key.PageDown),
        "ctrl+left" => new KeyEvent(Key.WordLeft),
        "ctrl+right" => new KeyEvent(Key.WordRight),
        _ when name.StartsWith("ctrl+", StringComparison.Ordinal) => new KeyEvent(Key.Ctrl, name[5..]),
        _ when name.StartsWith("alt+", StringComparison.Ordinal) => new KeyEvent(Key.Alt, name[4..]),
        _ when name.StartsWith("shift+", StringComparison.Ordinal) => new KeyEvent(Key.Char, name[6..].ToUpperInvariant()),
        _ => new KeyEvent(Key.Char, name),
    };

    private static string? ParseKey(string part, out string? error)
    {
        error = null;

        // "+" alone, or a modifier followed by "+" ("ctrl++"), names the plus key.
        var lastPlus = part.Length > 1 && part.EndsWith("++", StringComparison.Ordinal) ? part.Length - 2 : part.LastIndexOf('+');
        var key = lastPlus < 0 || part == "+" ? part : part[(lastPlus + 1)..];
        var modifiers = lastPlus <= 0 || part == "+" ? [] : part[..lastPlus].ToLowerInvariant().Split('+');
        var ctrl = false;
        var alt = false;
        var shift = false;
        foreach (var modifier in modifiers)
        {
            switch (modifier)
            {
                case "ctrl" or "control":
                    ctrl = true;
                    break;
                case "alt" or "meta" or "option":
                    alt = true;
                    break;
                case "shift":
                    shift = true;
                    break;
                default:
                    error = $"'{modifier}' in \"{part}\" is not a modifier (use ctrl, alt or shift)";
                    return null;
            }
        }

        var lower = key.Length == 1 ? key : key.ToLowerInvariant();
        var named = Named.GetValueOrDefault(lower);
        if (named is null && lower.Length != 1)
        {
            error = $"\"{key}\" in \"{part}\" is not a key name";
            return null;
        }

        var letter = named is null && char.IsAsciiLetter(lower[0]) ? char.ToLowerInvariant(lower[0]) : (char?)null;
        if (!ctrl && !alt && !shift)
        {
            return named ?? (letter is not null && char.IsAsciiLetterUpper(key[0]) ? "shift+" + letter : key);
        }

        switch (ctrl, alt, shift)
        {
            case (false, false, true) when letter is not null:
                return "shift+" + letter;
            case (false, false, true) when named is "tab" or "enter":
                return "shift+" + named;
            case (true, false, false) when letter is 'h' or 'i' or 'j' or 'm':
                error = $"\"{part}\" reaches Keel as {(letter is 'h' ? "backspace" : letter is 'i' ? "tab" : "enter")}: a terminal sends the same byte for both";
                return null;
            case (true, false, false) when letter is not null:
                return "ctrl+" + letter;
            case (true, false, false) or (false, true, false) when named is "left" or "right":
                return "ctrl+" + named;
            case (false, true, false) when letter is not null:
                return "alt+" + letter;
            default:
                error = $"\"{part}\" is not a key a terminal sends on its own (supported: a key, shift+letter, shift+tab, shift+enter, ctrl+letter, alt+letter, ctrl+left/right)";
                return null;
        }
    }
}
