using System.Text;

namespace Keel.Tests.Terminal.Screen;

/// <summary>
/// Just enough of a VT100 to check the live region: printable text, CR, LF (scrolling at the bottom), cursor
/// up/down/forward, erase to end of line and of screen; private modes are ignored.
/// </summary>
internal sealed class FakeScreen(int width, int height)
{
    private readonly List<StringBuilder> _rows = [new()];
    private int _top;

    public (int Row, int Column) Cursor => (_row - _top, _column);

    private int _row;
    private int _column;

    /// <summary>Every row from the first ever written (scrollback included), trailing spaces and empty rows dropped.</summary>
    public List<string> Lines()
    {
        var lines = _rows.Select(static r => r.ToString().TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    public void Apply(string output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            switch (c)
            {
                case '\r':
                    _column = 0;
                    break;
                case '\n':
                    _row++;
                    while (_rows.Count <= _row)
                    {
                        _rows.Add(new StringBuilder());
                    }

                    if (_row - _top >= height)
                    {
                        _top++;
                    }

                    break;
                case '\e':
                    i = Escape(output, i);
                    break;
                default:
                    var row = _rows[_row];
                    while (row.Length < _column)
                    {
                        row.Append(' ');
                    }

                    if (_column < row.Length)
                    {
                        row[_column] = c;
                    }
                    else
                    {
                        row.Append(c);
                    }

                    _column = Math.Min(_column + 1, width);
                    break;
            }
        }
    }

    private int Escape(string s, int i)
    {
        if (s[i + 1] != '[')
        {
            return i + 1;
        }

        var j = i + 2;
        while (s[j] is < '@' or > '~')
        {
            j++;
        }

        var parameter = s[(i + 2)..j];
        var n = int.TryParse(parameter, out var value) ? value : 1;
        switch (s[j])
        {
            case 'A':
                _row = Math.Max(_top, _row - n);
                break;
            case 'B':
                _row = Math.Min(_rows.Count - 1, _row + n);
                break;
            case 'C':
                _column = Math.Min(width - 1, _column + n);
                break;
            case 'K':
                if (_rows[_row].Length > _column)
                {
                    _rows[_row].Length = _column;
                }

                break;
            case 'J':
                if (_rows[_row].Length > _column)
                {
                    _rows[_row].Length = _column;
                }

                for (var r = _row + 1; r < _rows.Count; r++)
                {
                    _rows[r].Clear();
                }

                break;
        }

        return j;
    }
}
