using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Terminal.Input;
using Keel.Terminal.Screen;

namespace Keel.Terminal.Repl;

public sealed partial class ReplSession
{
    private static readonly TimeSpan DoublePress = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DoubleEscape = TimeSpan.FromMilliseconds(800);

    private IReadOnlyList<string> _candidates = [];
    private DateTimeOffset? _lastCtrlC;
    private DateTimeOffset? _lastEscape;
    private const string InterruptedHint = "Interrupted";
    private const string CtrlCHint = "Press Ctrl+C again to exit";
    private string? _hint;
    private string? _search;
    private (string Text, int Index)? _searchHit;

    private void OnBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var key in _decoder.Feed(bytes).SelectMany(BoundKeys))
        {
            OnKey(key);
            if (_exit)
            {
                return;
            }
        }
    }

    private void OnKey(KeyEvent key)
    {
        if (ActiveDialog() is { } dialog)
        {
            if (!_guard.Accepts(dialog))
            {
                // Typed for the input box just before the dialog appeared: not an answer.
                return;
            }

            dialog.HandleKey(key);
            if (dialog.IsDone)
            {
                _dialogs.Dequeue().Answer.TrySetResult(dialog.Result);
            }

            return;
        }

        if (Busy && key.Key != Key.Enter)
        {
            // Typing the next message while a turn runs: a dialog popping up now must not take these keys.
            _guard.Typed();
        }

        if (_transcriptScroll is not null && HandleTranscriptKey(key))
        {
            return;
        }

        if (key.IsCtrl('o'))
        {
            ToggleTranscript();
            return;
        }

        if (_search is not null && HandleSearchKey(key))
        {
            return;
        }

        if (_services.Menu is { IsOpen: true } menu && HandleMenuKey(menu, key))
        {
            return;
        }

        if (VimTakes(ref key))
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (!key.IsCtrl('c'))
        {
            _hint = null;
        }

        if (key.Key != Key.Tab)
        {
            _candidates = [];
        }

        switch (key.Key)
        {
            case Key.Char:
                _editor.Insert(key.Text);
                break;
            case Key.Paste:
                _editor.Paste(key.Text);
                break;
            case Key.Enter when _editor.Cursor > 0 && _editor.Text[_editor.Cursor - 1] == '\\':
                _editor.Backspace();
                _editor.Insert("\n");
                break;
            case Key.Enter:
                var text = _editor.Submit();
                _services.History.ResetNavigation();
                Submit(text);
                break;
            case Key.ShiftEnter:
                _editor.Insert("\n");
                break;
            case Key.Tab:
                Complete();
                break;
            case Key.ShiftTab:
                CycleMode();
                break;
            case Key.Escape:
                OnEscape(now);
                break;
            case Key.Backspace:
                _editor.Backspace();
                break;
            case Key.Delete:
                _editor.Delete();
                break;
            case Key.Left:
                _editor.Left();
                break;
            case Key.Right:
                _editor.Right();
                break;
            case Key.Home:
                _editor.LineStart();
                break;
            case Key.End:
                _editor.LineEnd();
                break;
            case Key.WordLeft:
                _editor.WordBack();
                break;
            case Key.WordRight:
                _editor.WordForward();
                break;
            case Key.Up when _editor.IsEmpty && _queued.Count > 0:
                // The last queued message comes back for editing; clearing it removes it.
                _editor.SetText(_queued[^1]);
                _queued.RemoveAt(_queued.Count - 1);
                break;
            case Key.Up when _editor.OnFirstLine:
                if (_services.History.Previous(_editor.Text) is { } older)
                {
                    _editor.SetText(older);
                }

                break;
            case Key.Up:
                _editor.Up();
                break;
            case Key.Down when _editor.OnLastLine:
                if (_services.History.Next() is { } newer)
                {
                    _editor.SetText(newer);
                }

                break;
            case Key.Down:
                _editor.Down();
                break;
            case Key.Ctrl:
                OnControl(key, now);
                break;
            case Key.Alt when key.IsAlt('b'):
                _editor.WordBack();
                break;
            case Key.Alt when key.IsAlt('f'):
                _editor.WordForward();
                break;
        }

        _services.Menu?.Update(_editor.Text, _editor.Cursor);
    }

    /// <summary>Keys the open menu takes: arrows move, Tab accepts, Enter accepts (and runs a command), Esc closes.</summary>
    private bool HandleMenuKey(SuggestionMenu menu, KeyEvent key)
    {
        switch (key.Key)
        {
            case Key.Up:
                menu.Move(-1);
                return true;
            case Key.Down:
                menu.Move(1);
                return true;
            case Key.Escape:
                menu.Close(_editor.Text);
                return true;
            case Key.Tab or Key.Enter:
                var commands = menu.IsCommands;
                var (text, cursor) = menu.Accept(_editor.Text);
                _editor.SetText(text, cursor);
                if (commands && key.Key == Key.Enter)
                {
                    _editor.Submit();
                    _services.History.ResetNavigation();
                    menu.Update(string.Empty, 0);
                    Submit(text.TrimEnd());
                    return true;
                }

                menu.Update(_editor.Text, _editor.Cursor);
                return true;
            default:
                return false;
        }
    }

    private void OnControl(KeyEvent key, DateTimeOffset now)
    {
        switch (key.Text[0])
        {
            case 'c':
                if (_lastCtrlC is { } last && now - last <= DoublePress)
                {
                    Exit();
                    return;
                }

                _lastCtrlC = now;
                _editor.Clear();
                InterruptRunning();
                _hint = CtrlCHint;
                _ = Task.Delay(DoublePress, _time).ContinueWith(_ => Post(() => _hint = _hint == CtrlCHint ? null : _hint), TaskScheduler.Default);
                break;
            case 'd':
                if (_editor.IsEmpty)
                {
                    Exit();
                }
                else
                {
                    _editor.Delete();
                }

                break;
            case 'a':
                _editor.LineStart();
                break;
            case 'e':
                _editor.LineEnd();
                break;
            case 'b' when _services.Session.Tools.Background.Foreground.Count > 0:
                // A command is running: it goes on in the background and the turn carries on.
                _ = _services.Engine.Submit(new MoveToBackground());
                break;
            case 'b':
                _editor.Left();
                break;
            case 'f':
                _editor.Right();
                break;
            case 'k':
                _editor.KillToEnd();
                break;
            case 'u':
                _editor.KillToStart();
                break;
            case 'w':
                _editor.KillWordBack();
                break;
            case 'y':
                _editor.Yank();
                break;
            case 'j':
                _editor.Insert("\n");
                break;
            case 't':
                _services.View.ToggleTodos();
                break;
            case 'r':
                _search = string.Empty;
                _searchHit = null;
                break;
            case 'l':
                _region.Reset();
                _io.Write("\e[2J\e[H");
                break;
        }
    }

    private void OnEscape(DateTimeOffset now)
    {
        if (DismissAside())
        {
            return; // the side panel closes first; the turn goes on
        }

        if (_turn is not null || _engineTurn || _loop is not null)
        {
            InterruptRunning();
            _hint = InterruptedHint;
            if (_queued.Count > 0 && _editor.IsEmpty)
            {
                // What was queued behind the interrupted turn comes back to the input instead of starting on its own.
                _editor.SetText(string.Join('\n', _queued));
                _queued.Clear();
            }

            return;
        }

        if (_editor.IsEmpty && _lastEscape is { } last && now - last <= DoubleEscape)
        {
            _lastEscape = null;
            OfferRewind();
            return;
        }

        _lastEscape = now;
    }

    /// <summary>Ctrl+R: typing narrows, Ctrl+R again goes older, Enter or an editing key takes the match, Esc gives up.</summary>
    private bool HandleSearchKey(KeyEvent key)
    {
        switch (key.Key)
        {
            case Key.Char:
                _search += key.Text;
                _searchHit = _services.History.Search(_search!, int.MaxValue);
                return true;
            case Key.Backspace:
                _search = _search!.Length > 0 ? _search[..^1] : _search;
                _searchHit = _search.Length > 0 ? _services.History.Search(_search, int.MaxValue) : null;
                return true;
            case Key.Ctrl when key.IsCtrl('r'):
                if (_searchHit is { } hit && _services.History.Search(_search!, hit.Index) is { } older)
                {
                    _searchHit = older;
                }

                return true;
            case Key.Escape:
            case Key.Ctrl when key.IsCtrl('g') || key.IsCtrl('c'):
                _search = null;
                _searchHit = null;
                return true;
            default:
                if (_searchHit is { } found)
                {
                    _editor.SetText(found.Text);
                }

                _search = null;
                _searchHit = null;

                // Enter accepts the match into the editor without sending it; other keys act on it.
                return key.Key == Key.Enter;
        }
    }

    private void Complete()
    {
        var completion = _services.Completer.Complete(_editor.Text, _editor.Cursor);
        if (completion.NewText is { } text)
        {
            _editor.SetText(text);
        }

        _candidates = completion.Candidates;
    }

    private void CycleMode()
    {
        var next = Permissions.Mode switch
        {
            PermissionMode.Default => PermissionMode.AcceptEdits,
            PermissionMode.AcceptEdits => PermissionMode.Plan,
            _ => PermissionMode.Default,
        };
        _ = _services.Engine.Submit(new SetMode(next));
        RefreshStatusLine();
    }

    /// <summary>The input box (rules above and below, the editor wrapped to the width) and the cursor in it.</summary>
    private (int Row, int Column)? DrawInput(List<string> live, int width)
    {
        var rule = new string('─', Math.Max(1, width));
        live.Add(rule);
        (int Row, int Column)? cursor = null;
        if (_search is not null)
        {
            var line = $"(reverse-i-search)`{_search}': {_searchHit?.Text.ReplaceLineEndings(" ") ?? string.Empty}";
            live.Add(DisplayText.Truncate(line, width));
            cursor = (live.Count - 1, Math.Min(width - 1, 20 + DisplayText.Width(_search)));
        }
        else
        {
            var text = _editor.Text;
            var (cursorLine, cursorColumn) = _editor.Position();
            var lines = text.Split('\n');
            var inner = Math.Max(1, width - 2);
            var selection = VimSelection();
            var lineStart = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var prefix = i == 0 ? "> " : "  ";
                var chunks = DisplayText.Wrap(lines[i], inner).ToList();
                var consumed = 0;
                for (var c = 0; c < chunks.Count; c++)
                {
                    live.Add((c == 0 ? prefix : "  ") + Highlight(chunks[c], lineStart + consumed, selection));
                    var isLast = c == chunks.Count - 1;
                    if (i == cursorLine && cursor is null && (cursorColumn < consumed + chunks[c].Length || isLast))
                    {
                        var column = DisplayText.Width(lines[i][consumed..Math.Min(lines[i].Length, cursorColumn)]);
                        cursor = (live.Count - 1, 2 + Math.Min(column, inner));
                    }

                    consumed += chunks[c].Length;
                }

                lineStart += lines[i].Length + 1;
            }
        }

        live.Add(rule);
        if (_services.Menu is { IsOpen: true } menu)
        {
            live.AddRange(menu.Render(width));
        }
        else if (_candidates.Count > 0)
        {
            live.Add(DisplayText.Truncate("  " + string.Join("  ", _candidates), width));
        }

        return cursor;
    }

    private string StatusBar()
    {
        if (_hint is { } hint)
        {
            return "  " + hint;
        }

        if (_statusLineText is { Length: > 0 } custom)
        {
            return custom;
        }

        var session = _services.Session;
        var home = _services.GetEnv("HOME");
        var cwd = session.Tools.CurrentDirectory;
        if (home is { Length: > 1 } && cwd.StartsWith(home, StringComparison.Ordinal))
        {
            cwd = "~" + cwd[home.Length..];
        }

        var mode = Permissions.Mode == PermissionMode.Default ? "default mode (shift+tab to cycle)" : PermissionModes.Name(Permissions.Mode) + " mode";
        return FormattableString.Invariant($"  {_services.Engine.Model} · {mode} · {cwd} · ${_services.Engine.Cost.TotalCostUsd:F2}");
    }
}
