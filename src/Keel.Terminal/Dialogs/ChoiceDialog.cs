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
    private string _filter = string.Empty;
    private List<int>? _visible;
    private int _position;

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

    /// <summary>Typing narrows the options (label and description contain every typed word); digits then type too.</summary>
    public bool Filterable { get; init; }

    /// <summary>Lines shown under the options for the highlighted one (a session's last messages), or null.</summary>
    public Func<int, IReadOnlyList<string>>? Preview { get; init; }

    /// <summary>How many options are drawn at once; the list scrolls with the highlight.</summary>
    public int MaxVisible { get; init; } = int.MaxValue;

    /// <summary>The options the filter leaves, as indexes into <see cref="Options"/>.</summary>
    public IReadOnlyList<int> Visible => _visible ??= Match();

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

        if (Filterable && HandleFilterKey(key))
        {
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
        if (Filterable)
        {
            return RenderFiltered(width);
        }

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

            // Long labels (a rule to save, a path) wrap under themselves instead of running past the edge.
            var lead = $"{marker} {i + 1}. {box}";
            var lead2 = new string(' ', DisplayText.Width(lead));
            foreach (var part in DisplayText.Wrap(option.Label, Math.Max(1, width - lead2.Length)))
            {
                lines.Add(lead + part);
                lead = lead2;
            }

            if (option.Description is { Length: > 0 } description)
            {
                lines.AddRange(DisplayText.Wrap(description, Math.Max(1, width - 6)).Select(static l => "      " + l));
            }
        }

        lines.Add(_typing ? "Enter to send · Esc to go back" : MultiSelect ? "Space to toggle · Enter to confirm · Esc to cancel" : "Enter to select · Esc to cancel");
        return (lines, cursor);
    }

    /// <summary>Keys of a filterable list: text narrows, arrows move in what is left, Enter picks.</summary>
    private bool HandleFilterKey(KeyEvent key)
    {
        var visible = Visible;
        switch (key.Key)
        {
            case Key.Char or Key.Paste:
                SetFilter(_filter + key.Text.ReplaceLineEndings(" "));
                return true;
            case Key.Backspace:
                SetFilter(_filter.Length > 0 ? _filter[..^1] : _filter);
                return true;
            case Key.Ctrl when key.IsCtrl('u'):
                SetFilter(string.Empty);
                return true;
            case Key.Up when visible.Count > 0:
                _position = (_position + visible.Count - 1) % visible.Count;
                Highlighted = visible[_position];
                return true;
            case Key.Down or Key.Tab when visible.Count > 0:
                _position = (_position + 1) % visible.Count;
                Highlighted = visible[_position];
                return true;
            case Key.Enter:
                if (visible.Count > 0)
                {
                    Pick(visible[_position]);
                }

                return true;
            case Key.Up or Key.Down or Key.Tab:
                return true;
            default:
                return false;
        }
    }

    private void SetFilter(string filter)
    {
        _filter = filter;
        _visible = null;
        _position = 0;
        var visible = Visible;
        Highlighted = visible.Count > 0 ? visible[0] : 0;
    }

    private List<int> Match()
    {
        var words = _filter.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var matches = new List<int>();
        for (var i = 0; i < Options.Count; i++)
        {
            var haystack = Options[i].Label + " " + Options[i].Description;
            if (words.All(w => haystack.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                matches.Add(i);
            }
        }

        return matches;
    }

    private (IReadOnlyList<string> Lines, (int Row, int Column)? Cursor) RenderFiltered(int width)
    {
        var lines = new List<string> { new string('─', Math.Max(1, width)), DisplayText.Truncate(Title, width) };
        foreach (var line in Body)
        {
            lines.AddRange(DisplayText.Wrap(line, Math.Max(1, width - 2)).Select(static l => "  " + l));
        }

        var search = "  Search: " + _filter;
        lines.Add(DisplayText.Truncate(search, width));
        var cursor = (lines.Count - 1, Math.Min(width - 1, DisplayText.Width(search)));
        var visible = Visible;
        var first = Math.Clamp(_position - (MaxVisible / 2), 0, Math.Max(0, visible.Count - MaxVisible));
        if (visible.Count == 0)
        {
            lines.Add("  (nothing matches)");
        }

        for (var p = first; p < Math.Min(visible.Count, first + MaxVisible); p++)
        {
            var option = Options[visible[p]];
            var marker = p == _position ? "❯ " : "  ";
            lines.Add(DisplayText.Truncate(marker + option.Label, width));
            if (option.Description is { Length: > 0 } description)
            {
                lines.Add(DisplayText.Truncate("    " + description, width));
            }
        }

        if (visible.Count > MaxVisible)
        {
            lines.Add($"  ({visible.Count} matches; arrows scroll)");
        }

        if (Preview is { } preview && visible.Count > 0)
        {
            lines.Add(DisplayText.Truncate("  ── preview " + new string('─', Math.Max(0, width - 14)), width));
            foreach (var line in preview(visible[_position]))
            {
                lines.Add(DisplayText.Truncate("  " + line, width));
            }
        }

        lines.Add("Type to filter · ↑/↓ to move · Enter to select · Esc to cancel");
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
