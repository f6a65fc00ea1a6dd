using System.Text;

namespace Keel.Terminal.Input.Vim;

/// <summary>
/// A vim-style modal editor over the input text, as a pure state machine: each key comes in with the
/// editor's current text and cursor, and either changes <see cref="Text"/>/<see cref="Cursor"/> (the caller
/// copies them back) or hands a key back for the ordinary editor (history, completion, submit, control keys).
/// Normal mode parses commands as keys arrive (<c>[count] operator [count] motion|text-object</c>);
/// <c>.</c> replays the keys of the last change, insert-mode typing included; <c>u</c> / Ctrl+R walk snapshots.
/// </summary>
public sealed partial class VimEditor
{
    private const int UndoLimit = 200;

    private readonly StringBuilder _pending = new();
    private readonly List<(string Text, int Cursor)> _undo = [];
    private readonly List<(string Text, int Cursor)> _redo = [];
    private readonly List<KeyEvent> _insertKeys = [];
    private (string Text, int Cursor)? _insertSnapshot;
    private (string Text, bool Linewise) _register = (string.Empty, false);
    private (char Kind, char Target)? _lastFind;
    private VimChange? _lastChange;
    private string? _changeKeys;
    private int? _changeCount;
    private int _insertCount = 1;
    private bool _recordInsert;
    private bool _replaying;
    private bool _undoing;
    private KeyEvent? _passThrough;
    private int _anchor;

    public VimMode Mode { get; private set; } = VimMode.Insert;

    public string Text { get; private set; } = string.Empty;

    public int Cursor { get; private set; }

    /// <summary>Keys of a normal-mode command typed so far (shown next to the mode).</summary>
    public string PendingKeys => _pending.ToString();

    /// <summary>The visual selection as [start, end), or null outside visual modes.</summary>
    public (int Start, int End)? Selection => Mode switch
    {
        VimMode.Visual => (Math.Min(_anchor, Cursor), Math.Min(Text.Length, Math.Max(_anchor, Cursor) + 1)),
        VimMode.VisualLine => (VimText.LineStart(Text, Math.Min(_anchor, Cursor)), VimText.LineEnd(Text, Math.Max(_anchor, Cursor))),
        _ => null,
    };

    public string ModeLabel => Mode switch
    {
        VimMode.Insert => "-- INSERT --",
        VimMode.Normal => "-- NORMAL --",
        VimMode.Visual => "-- VISUAL --",
        _ => "-- VISUAL LINE --",
    };

    /// <summary>
    /// Acts on <paramref name="key"/> for the editor holding <paramref name="text"/> with the cursor at
    /// <paramref name="cursor"/>. Returns null when the key was taken (read <see cref="Text"/> and
    /// <see cref="Cursor"/>), else the key the ordinary editor should act on instead.
    /// </summary>
    public KeyEvent? Handle(KeyEvent key, string text, int cursor)
    {
        Text = text;
        Cursor = Math.Clamp(cursor, 0, text.Length);
        _passThrough = null;
        return Mode == VimMode.Insert ? HandleInsert(key) : HandleCommandKey(key);
    }

    /// <summary>Back to insert mode with no history (vim switched on, or the prompt was sent).</summary>
    public void Reset()
    {
        Mode = VimMode.Insert;
        _pending.Clear();
        _undo.Clear();
        _redo.Clear();
        _insertSnapshot = null;
        _insertKeys.Clear();
        _insertCount = 1;
        _recordInsert = false;
    }

    private KeyEvent? HandleInsert(KeyEvent key)
    {
        if (key.Key == Key.Enter)
        {
            Reset();
            return key;
        }

        _insertSnapshot ??= (Text, Cursor);
        if (key.Key == Key.Escape)
        {
            LeaveInsert();
            return null;
        }

        if (!InsertKey(key))
        {
            return key;
        }

        _insertKeys.Add(key);
        return null;
    }

    /// <summary>The insert-mode keys this editor applies itself (and can replay); false for the rest.</summary>
    private bool InsertKey(KeyEvent key)
    {
        switch (key.Key)
        {
            case Key.Char:
                Replace(Cursor, Cursor, key.Text);
                Cursor += key.Text.Length;
                return true;
            case Key.ShiftEnter:
                Replace(Cursor, Cursor, "\n");
                Cursor++;
                return true;
            case Key.Backspace:
                if (Cursor > 0)
                {
                    var length = Cursor > 1 && char.IsLowSurrogate(Text[Cursor - 1]) ? 2 : 1;
                    Replace(Cursor - length, Cursor, string.Empty);
                    Cursor -= length;
                }

                return true;
            case Key.Delete:
                if (Cursor < Text.Length)
                {
                    Replace(Cursor, Cursor + (char.IsHighSurrogate(Text[Cursor]) && Cursor + 1 < Text.Length ? 2 : 1), string.Empty);
                }

                return true;
            case Key.Left:
                Cursor = Math.Max(0, Cursor - 1);
                return true;
            case Key.Right:
                Cursor = Math.Min(Text.Length, Cursor + 1);
                return true;
            case Key.Home:
                Cursor = VimText.LineStart(Text, Cursor);
                return true;
            case Key.End:
                Cursor = VimText.LineEnd(Text, Cursor);
                return true;
            default:
                return false;
        }
    }

    private void EnterInsert(int count)
    {
        Mode = VimMode.Insert;
        _insertKeys.Clear();
        _insertCount = Math.Max(1, count);
    }

    private void LeaveInsert()
    {
        var typed = _insertKeys.ToList();
        for (var n = 1; n < _insertCount; n++)
        {
            foreach (var key in typed)
            {
                InsertKey(key);
            }
        }

        if (_recordInsert && !_replaying && _lastChange is { } change)
        {
            _lastChange = change with { InsertKeys = typed };
        }

        Mode = VimMode.Normal;
        if (Cursor > VimText.LineStart(Text, Cursor))
        {
            Cursor--;
        }

        if (!_replaying && _insertSnapshot is { } before && before.Text != Text)
        {
            PushUndo(before);
        }

        _insertSnapshot = null;
        _insertKeys.Clear();
        _insertCount = 1;
        _recordInsert = false;
    }

    private KeyEvent? HandleCommandKey(KeyEvent key)
    {
        switch (key.Key)
        {
            case Key.Char when key.Text.Length is 1 or 2:
                _pending.Append(key.Text);
                var before = (Text, Cursor);
                _changeKeys = null;
                var status = Mode == VimMode.Normal ? RunNormal(_pending.ToString()) : RunVisual(_pending.ToString());
                if (status == Parse.Incomplete)
                {
                    return null;
                }

                _pending.Clear();
                AfterCommand(before);
                return _passThrough;
            case Key.Escape when _pending.Length > 0:
                _pending.Clear();
                return null;
            case Key.Escape when Mode != VimMode.Normal:
                Mode = VimMode.Normal;
                Cursor = VimText.ClampNormal(Text, Cursor);
                return null;
            case Key.Ctrl when key.IsCtrl('r') && Mode == VimMode.Normal:
                _pending.Clear();
                Redo();
                return null;
            case Key.Enter:
                Reset();
                return key;
            case Key.Backspace:
                _pending.Clear();
                return Mode == VimMode.Normal ? new KeyEvent(Key.Left) : null;
            case Key.Delete when Mode == VimMode.Normal:
                return HandleCommandKey(new KeyEvent(Key.Char, "x"));
            default:
                _pending.Clear();
                return key;
        }
    }

    private void AfterCommand((string Text, int Cursor) before)
    {
        if (_changeKeys is { } keys && !_replaying)
        {
            _lastChange = new VimChange(keys, _changeCount, []);
            _recordInsert = Mode == VimMode.Insert;
        }

        if (Mode == VimMode.Insert)
        {
            _insertSnapshot ??= before;
            return;
        }

        if (Mode == VimMode.Normal)
        {
            Cursor = VimText.ClampNormal(Text, Cursor);
        }

        if (!_undoing && before.Text != Text)
        {
            PushUndo(before);
        }

        _undoing = false;
    }

    private void PushUndo((string Text, int Cursor) state)
    {
        _undo.Add(state);
        if (_undo.Count > UndoLimit)
        {
            _undo.RemoveAt(0);
        }

        _redo.Clear();
    }

    private void Undo(int count)
    {
        _undoing = true;
        for (var n = 0; n < count && _undo.Count > 0; n++)
        {
            _redo.Add((Text, Cursor));
            (Text, Cursor) = _undo[^1];
            _undo.RemoveAt(_undo.Count - 1);
        }
    }

    private void Redo()
    {
        if (_redo.Count == 0)
        {
            return;
        }

        _undo.Add((Text, Cursor));
        (Text, Cursor) = _redo[^1];
        _redo.RemoveAt(_redo.Count - 1);
        Cursor = VimText.ClampNormal(Text, Cursor);
    }

    /// <summary><c>.</c>: the last change's keys again (with a new count when one is given), as one undo step.</summary>
    private void Repeat(int? count)
    {
        if (_lastChange is not { } change)
        {
            return;
        }

        _replaying = true;
        try
        {
            var keys = (count ?? change.Count)?.ToString(System.Globalization.CultureInfo.InvariantCulture) + change.Keys;
            RunNormal(keys);
            if (Mode == VimMode.Insert)
            {
                foreach (var key in change.InsertKeys)
                {
                    _insertKeys.Add(key);
                    InsertKey(key);
                }

                LeaveInsert();
            }
        }
        finally
        {
            // The replayed command stays the last change as recorded (insert keys included).
            _replaying = false;
            _changeKeys = null;
        }
    }

    private void Replace(int start, int end, string with) => Text = string.Concat(Text.AsSpan(0, start), with, Text.AsSpan(end));

    private enum Parse
    {
        Incomplete,
        Done,
        Invalid,
    }

    private sealed record VimChange(string Keys, int? Count, IReadOnlyList<KeyEvent> InsertKeys);
}
