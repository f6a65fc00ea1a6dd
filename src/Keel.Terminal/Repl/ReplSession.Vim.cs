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
        var before = VimModeName();
        var taken = VimHandles(ref key);
        if (VimModeName() != before)
        {
            // The status line command is told the mode (vim.mode), so a change of mode re-runs it.
            RefreshStatusLine();
        }

        return taken;
    }

    /// <summary>The vim mode as the status line JSON names it (INSERT, NORMAL, VISUAL, VISUAL LINE); null when vim mode is off.</summary>
    private string? VimModeName() =>
        _services.EditorMode is not { Vim: true } ? null
        : !_vimOn ? "INSERT"
        : _vim.Mode switch
        {
            VimMode.Insert => "INSERT",
            VimMode.Normal => "NORMAL",
            VimMode.Visual => "VISUAL",
            _ => "VISUAL LINE",
        };

    private bool VimHandles(ref KeyEvent key)
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

    /// <summary>The text a vim visual mode has selected, as [start, end) in the input; null outside visual modes.</summary>
    private (int Start, int End)? VimSelection() =>
        _services.EditorMode is { Vim: true } && _vimOn && _vim.Selection is { } selected && selected.End <= _editor.Text.Length ? selected : null;

    /// <summary>
    /// <paramref name="chunk"/> (the piece of the input starting at <paramref name="offset"/>) with the part inside
    /// <paramref name="selection"/> in reverse video, as vim shows a visual selection. Reverse video is no colour, so
    /// NO_COLOR keeps it: without it the selection could not be seen at all.
    /// </summary>
    private static string Highlight(string chunk, int offset, (int Start, int End)? selection)
    {
        if (selection is not { } range)
        {
            return chunk;
        }

        var from = Math.Clamp(range.Start - offset, 0, chunk.Length);
        var to = Math.Clamp(range.End - offset, 0, chunk.Length);
        return from >= to ? chunk : chunk[..from] + "\e[7m" + chunk[from..to] + "\e[27m" + chunk[to..];
    }

    /// <summary>The mode (and a half-typed command) at the start of the status bar while vim mode is on.</summary>
    private string VimStatus() =>
        _services.EditorMode is { Vim: true }
            ? (_vimOn ? _vim.ModeLabel : "-- INSERT --") + (_vim.PendingKeys is { Length: > 0 } pending ? " " + pending : string.Empty)
            : string.Empty;
}
