using System.Text;
using Keel.Terminal.Input;
using Keel.Terminal.Rendering;
using Keel.Terminal.Screen;

namespace Keel.Terminal.Repl;

/// <summary>
/// Ctrl+O: the detailed transcript on the terminal's alternate screen (full tool inputs and outputs, thinking),
/// scrolled with the arrows, page keys, Home and End; Ctrl+O, Esc or q goes back to the conversation as it was.
/// Its keys can be rebound in the Transcript context of ~/.keel/keybindings.json.
/// </summary>
public sealed partial class ReplSession
{
    private const string TranscriptFooter = "Showing detailed transcript · ↑/↓ PgUp/PgDn Home/End to scroll · ctrl+o to return";

    /// <summary>Lines scrolled up from the bottom while the transcript shows; null when it does not.</summary>
    private int? _transcriptScroll;

    private void ToggleTranscript()
    {
        if (_transcriptScroll is null)
        {
            _transcriptScroll = 0;
            _io.Write("\e[?1049h\e[?25l");
            return;
        }

        _transcriptScroll = null;

        // Back on the normal screen the terminal restores what was there; the region redraws in full to be sure.
        _io.Write("\e[?1049l");
        _region.Reset();
        _io.Write("\e[J");
    }

    private bool HandleTranscriptKey(KeyEvent key)
    {
        var (_, height) = _io.Size;
        var page = Math.Max(1, height - 2);
        switch (key.Key)
        {
            case Key.Ctrl when key.IsCtrl('o'):
            case Key.Escape:
            case Key.Char when key.Text == "q":
                ToggleTranscript();
                break;
            case Key.Up:
                _transcriptScroll += 1;
                break;
            case Key.Down:
                _transcriptScroll = Math.Max(0, _transcriptScroll!.Value - 1);
                break;
            case Key.PageUp:
                _transcriptScroll += page;
                break;
            case Key.PageDown:
                _transcriptScroll = Math.Max(0, _transcriptScroll!.Value - page);
                break;
            case Key.End:
                _transcriptScroll = 0;
                break;
            case Key.Home:
                // Cut to the real top when drawn.
                _transcriptScroll = int.MaxValue / 2;
                break;
            case Key.Ctrl when key.IsCtrl('c'):
                ToggleTranscript();
                return false;
        }

        return true;
    }

    private void RenderTranscript()
    {
        var (width, height) = _io.Size;
        var lines = TranscriptText.Lines(_services.Engine.Messages, width, _services.RenderOptions);
        var rows = Math.Max(1, height - 1);
        var maxScroll = Math.Max(0, lines.Count - rows);
        _transcriptScroll = Math.Min(_transcriptScroll ?? 0, maxScroll);
        var first = Math.Max(0, lines.Count - rows - _transcriptScroll.Value);
        var output = new StringBuilder("\e[?2026h\e[H");
        for (var i = 0; i < rows; i++)
        {
            var index = first + i;
            output.Append(index < lines.Count ? DisplayText.Truncate(lines[index], width) : string.Empty).Append("\e[K\r\n");
        }

        output.Append(DisplayText.Truncate(TranscriptFooter, width)).Append("\e[K\e[?2026l");
        _io.Write(output.ToString());
    }
}
