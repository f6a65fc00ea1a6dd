using Keel.Terminal.Input;
using Keel.Terminal.Input.Vim;

namespace Keel.Terminal.Repl;

public sealed partial class ReplSession
{
    private readonly VimEditor _vim = new();
    private bool _vimOn;

    /// <summary>
    /// In vim mode the key goes to the modal editor first; true when it took the key. Otherwise
    /// <paramref name="key"/> becomes the key the ordinary editing below should act on (j on the last line is Down).
    /// </summary>
    private bool VimTakes(ref KeyEvent key)
    {
        if (_services.EditorMode is not { Vim: true })
        {
            _vimOn = false;
            return false;
        }

        if (key.Key == Key.Escape && (_turn is not null || _engineTurn))
        {
            // Esc while a turn runs interrupts it, whatever the mode.
            return false;
        }

        if (!_vimOn)
        {
            _vim.Reset();
            _vimOn = true;
        }

        if (_vim.Handle(key, _editor.Text, _editor.Cursor) is { } passed)
        {
            key = passed;
            return false;
        }

        if (_vim.Text != _editor.Text || _vim.Cursor != _editor.Cursor)
        {
            _editor.SetText(_vim.Text, _vim.Cursor);
        }

        _services.Menu?.Update(_editor.Text, _editor.Cursor);

        return true;
    }

    /// <summary>The mode (and a half-typed command) at the start of the status bar while vim mode is on.</summary>
    private string VimStatus() =>
        _services.EditorMode is { Vim: true }
            ? (_vimOn ? _vim.ModeLabel : "-- INSERT --") + (_vim.PendingKeys is { Length: > 0 } pending ? " " + pending : string.Empty)
            : string.Empty;
}
