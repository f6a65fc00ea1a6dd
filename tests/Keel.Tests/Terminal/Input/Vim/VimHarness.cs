using Keel.Terminal.Input;
using Keel.Terminal.Input.Vim;

namespace Keel.Tests.Terminal.Input.Vim;

/// <summary>
/// Plays the input editor's part for <see cref="VimEditor"/>: holds the text and cursor, feeds keys written
/// vim-style (<c>&lt;Esc&gt;</c>, <c>&lt;CR&gt;</c>, <c>&lt;C-r&gt;</c>, <c>&lt;BS&gt;</c>, <c>&lt;S-CR&gt;</c>, <c>&lt;Tab&gt;</c>)
/// and records the keys handed back for the ordinary editor.
/// </summary>
internal sealed class VimHarness
{
    public VimEditor Vim { get; } = new();

    public string Text { get; set; }

    public int Cursor { get; set; }

    public List<KeyEvent> PassedOn { get; } = [];

    private VimHarness(string text, int cursor)
    {
        Text = text;
        Cursor = cursor;
    }

    /// <summary>Normal mode on <paramref name="text"/>; a '|' in it marks the cursor (else the start).</summary>
    public static VimHarness Normal(string text)
    {
        var at = text.IndexOf('|', StringComparison.Ordinal);
        var harness = new VimHarness(text.Replace("|", string.Empty, StringComparison.Ordinal), 0);
        harness.Keys("<Esc>");
        harness.Cursor = Math.Max(0, at);
        return harness;
    }

    public static VimHarness Insert(string text) => new(text, text.Length);

    /// <summary>The text with '|' at the cursor.</summary>
    public string Shown => Text.Insert(Cursor, "|");

    public VimHarness Keys(string keys)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            KeyEvent key;
            if (keys[i] == '<' && keys.IndexOf('>', i) is var close and > 0 && close - i > 1)
            {
                key = keys[(i + 1)..close] switch
                {
                    "Esc" => new KeyEvent(Key.Escape),
                    "CR" => new KeyEvent(Key.Enter),
                    "S-CR" => new KeyEvent(Key.ShiftEnter),
                    "BS" => new KeyEvent(Key.Backspace),
                    "Del" => new KeyEvent(Key.Delete),
                    "Tab" => new KeyEvent(Key.Tab),
                    "Up" => new KeyEvent(Key.Up),
                    var name when name.StartsWith("C-", StringComparison.Ordinal) => KeyEvent.Ctrl(name[2]),
                    var name => throw new ArgumentException($"unknown key <{name}>", nameof(keys)),
                };
                i = close;
            }
            else
            {
                key = new KeyEvent(Key.Char, keys[i].ToString());
            }

            var passed = Vim.Handle(key, Text, Cursor);
            if (passed is null)
            {
                Text = Vim.Text;
                Cursor = Vim.Cursor;
            }
            else
            {
                PassedOn.Add(passed);
            }
        }

        return this;
    }
}
