using System.Text;

namespace Keel.Terminal.Screen;

/// <summary>
/// Draws frames at the bottom of the normal screen. Committed lines are written once above the live region
/// and scroll into the terminal's history; the live region is redrawn by moving the cursor up and rewriting
/// only the rows that differ from the previous frame, clearing rows the new frame no longer has. Each frame is
/// one write wrapped in synchronized-output marks (?2026), which terminals without support ignore.
/// </summary>
public sealed class LiveRegion
{
    private List<string> _previous = [];
    private int _cursorRow;
    private int _width = -1;
    private (int Row, int Column)? _cursor;

    /// <summary>Forget the screen state (after something else wrote to the terminal): the next frame draws from the cursor line.</summary>
    public void Reset()
    {
        _previous = [];
        _cursorRow = 0;
        _width = -1;
    }

    /// <summary>
    /// The escape sequence that turns the screen from the previous frame into <paramref name="frame"/>; empty when
    /// the screen already shows it (an idle redraw writes nothing).
    /// </summary>
    public string Render(Frame frame, int width, int height)
    {
        var live = Fit(frame.Live, width, Math.Max(1, height - 1));
        var cursor = frame.Cursor;
        if (live.Count < frame.Live.Count && cursor is { } c)
        {
            cursor = (c.Row - (frame.Live.Count - live.Count), c.Column);
        }

        // A width change rewraps everything the terminal shows, so the old rows cannot be trusted.
        var full = frame.Committed.Count > 0 || width != _width;
        if (!full && cursor == _cursor && live.SequenceEqual(_previous, StringComparer.Ordinal))
        {
            return string.Empty;
        }

        var output = new StringBuilder("\e[?2026h\e[?25l");
        MoveUp(output, _width > 0 && width < _width ? RowsAboveCursorAfterReflow(width) : _cursorRow);
        output.Append('\r');
        var row = 0;
        if (full)
        {
            output.Append("\e[J");
            foreach (var line in frame.Committed)
            {
                output.Append(DisplayText.Truncate(line, width)).Append("\e[K\r\n");
            }

            _previous = [];
        }

        for (var i = 0; i < live.Count; i++)
        {
            if (i < _previous.Count && _previous[i] == live[i])
            {
                continue;
            }

            row = MoveTo(output, row, i, _previous.Count);
            output.Append(live[i]).Append("\e[K\r");
        }

        if (live.Count < _previous.Count)
        {
            row = MoveTo(output, row, live.Count, _previous.Count);
            output.Append("\e[J");
        }

        // The row after the last live line exists only if it was drawn before; never create it.
        var target = cursor is { } at ? Math.Clamp(at.Row, 0, Math.Max(0, live.Count - 1)) : Math.Max(0, live.Count - 1);
        row = MoveTo(output, row, target, Math.Max(live.Count, _previous.Count));
        output.Append('\r');
        if (cursor is { Column: > 0 } shown)
        {
            output.Append("\e[").Append(Math.Min(shown.Column, width - 1)).Append('C');
        }

        if (cursor is not null)
        {
            output.Append("\e[?25h");
        }

        output.Append("\e[?2026l");
        _previous = live;
        _cursorRow = row;
        _width = width;
        _cursor = cursor;
        return output.ToString();
    }

    /// <summary>
    /// The terminal got narrower: it reflowed the previous frame, so each of its lines above the cursor now takes as
    /// many rows as its width needs, and the cursor sits on the row its column wrapped to. Moving up that far reaches
    /// the frame's first row, so clearing from there leaves no ragged remains of the wider frame.
    /// </summary>
    private int RowsAboveCursorAfterReflow(int width)
    {
        var rows = 0;
        for (var i = 0; i < _cursorRow && i < _previous.Count; i++)
        {
            rows += Math.Max(1, (DisplayText.Width(_previous[i]) + width - 1) / width);
        }

        return rows + ((_cursor?.Column ?? 0) / Math.Max(1, width));
    }

    /// <summary>Moves from <paramref name="from"/> to <paramref name="to"/>; rows at or past <paramref name="existing"/> are created with newlines.</summary>
    private static int MoveTo(StringBuilder output, int from, int to, int existing)
    {
        if (to < from)
        {
            MoveUp(output, from - to);
            return to;
        }

        var row = from;
        var down = Math.Min(to, Math.Max(existing - 1, from)) - from;
        if (down > 0)
        {
            output.Append("\e[").Append(down).Append('B');
            row += down;
        }

        while (row < to)
        {
            output.Append("\r\n");
            row++;
        }

        return row;
    }

    private static void MoveUp(StringBuilder output, int rows)
    {
        if (rows > 0)
        {
            output.Append("\e[").Append(rows).Append('A');
        }
    }

    private static List<string> Fit(IReadOnlyList<string> lines, int width, int maxRows)
    {
        var start = Math.Max(0, lines.Count - maxRows);
        var result = new List<string>(lines.Count - start);
        for (var i = start; i < lines.Count; i++)
        {
            result.Add(DisplayText.Truncate(lines[i], width));
        }

        return result;
    }
}
