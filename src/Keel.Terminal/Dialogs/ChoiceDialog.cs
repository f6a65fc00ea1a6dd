using Keel.Terminal.Input;
using Keel.Terminal.Screen;

namespace Keel.Terminal.Dialogs;

/// <summary>
/// A picker drawn in the live region: a title, body lines, numbered options. Up/Down or the digit moves,
/// Enter picks (a digit picks at once), Space toggles in multi-select, Esc dismisses. An option that takes
/// text turns into a one-line field; Enter there submits the text.
/// </summary>
public sealed class ChoiceDialog
{
    private readonly HashSet<int> _checked = [];
    private readonly LineEditor _field = new();
    private bool _typing;

    public ChoiceDialog(string title, IReadOnlyList<string> body, IReadOnlyList<ChoiceOption> options, bool multiSelect = false)
    {
        Title = title;
        Body = body;
        Options = options;
        MultiSelect = multiSelect;
    }

    public string Title { get; }

    public IReadOnlyList<string> Body { get; }

    public IReadOnlyList<ChoiceOption> Options { get; }

    public bool MultiSelect { get; }

    public int Highlighted { get; private set; }

    /// <summary>Set once the user answered or dismissed; the host completes the caller with it.</summary>
    public bool IsDone { get; private set; }

    public ChoiceResult? Result { get; private set; }

    public void HandleKey(KeyEvent key)
    {
        if (_typing)
        {
            HandleTyping(key);
            return;
        }

        switch (key.Key)
        {
            case Key.Escape:
                Finish(null);
                break;
            case Key.Up:
                Highlighted = (Highlighted + Options.Count - 1) % Options.Count;
                break;
            case Key.Down or Key.Tab:
                Highlighted = (Highlighted + 1) % Options.Count;
                break;
            case Key.Char when key.Text == " " && MultiSelect:
                Toggle(Highlighted);
                break;
            case Key.Char when key.Text.Length == 1 && char.IsAsciiDigit(key.Text[0]) && key.Text[0] - '1' is var n && n >= 0 && n < Options.Count:
                Highlighted = n;
                if (MultiSelect && !Options[n].TakesText)
                {
                    Toggle(n);
                }
                else
                {
                    Pick(n);
                }

                break;
            case Key.Enter:
                Pick(Highlighted);
                break;
            case Key.Ctrl when key.IsCtrl('c'):
                Finish(null);
                break;
        }
    }

    /// <summary>The lines to draw and where the cursor goes (only while typing into a text option).</summary>
    public (IReadOnlyList<string> Lines, (int Row, int Column)? Cursor) Render(int width)
    {
        var lines = new List<string> { new string('─', Math.Max(1, width)), Title };
        foreach (var line in Body)
        {
            lines.AddRange(DisplayText.Wrap(line, Math.Max(1, width - 2)).Select(static l => "  " + l));
        }

        lines.Add(string.Empty);
        (int, int)? cursor = null;
        for (var i = 0; i < Options.Count; i++)
        {
            var marker = i == Highlighted ? "❯" : " ";
            var box = MultiSelect && !Options[i].TakesText ? (_checked.Contains(i) ? "[x] " : "[ ] ") : string.Empty;
            var option = Options[i];
            if (_typing && i == Highlighted)
            {
                var prefix = $"{marker} {i + 1}. {option.Label}: ";
                lines.Add(prefix + _field.Text);
                cursor = (lines.Count - 1, DisplayText.Width(prefix) + DisplayText.Width(_field.Text[.._field.Cursor]));
                continue;
            }

            lines.Add($"{marker} {i + 1}. {box}{option.Label}");
            if (option.Description is { Length: > 0 } description)
            {
                lines.Add("      " + description);
            }
        }

        lines.Add(_typing ? "Enter to send · Esc to go back" : MultiSelect ? "Space to toggle · Enter to confirm · Esc to cancel" : "Enter to select · Esc to cancel");
        return (lines, cursor);
    }

    private void HandleTyping(KeyEvent key)
    {
        switch (key.Key)
        {
            case Key.Escape:
                _typing = false;
                _field.Clear();
                break;
            case Key.Enter:
                var selected = MultiSelect ? [.. _checked.Order(), Highlighted] : new List<int> { Highlighted };
                Finish(new ChoiceResult(selected, _field.Submit()));
                break;
            case Key.Char or Key.Paste:
                _field.Insert(key.Text.Replace('\n', ' '));
                break;
            case Key.Backspace:
                _field.Backspace();
                break;
            case Key.Left:
                _field.Left();
                break;
            case Key.Right:
                _field.Right();
                break;
            case Key.Ctrl when key.IsCtrl('u'):
                _field.KillToStart();
                break;
            case Key.Ctrl when key.IsCtrl('w'):
                _field.KillWordBack();
                break;
        }
    }

    private void Pick(int index)
    {
        if (Options[index].TakesText)
        {
            Highlighted = index;
            _typing = true;
            return;
        }

        Finish(new ChoiceResult(MultiSelect && _checked.Count > 0 ? [.. _checked.Order()] : [index], null));
    }

    private void Toggle(int index)
    {
        if (!_checked.Remove(index))
        {
            _checked.Add(index);
        }
    }

    private void Finish(ChoiceResult? result)
    {
        Result = result;
        IsDone = true;
    }
}
