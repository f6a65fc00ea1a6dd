using System.Text;

namespace Keel.Terminal.Input;

/// <summary>
/// The prompt being typed: text with '\n' for extra lines, a cursor, Emacs editing and a one-entry kill ring.
/// Large pastes are kept aside and shown as a placeholder; <see cref="Submit"/> puts the real text back.
/// </summary>
public sealed class LineEditor
{
    /// <summary>Pastes with more lines or characters than this become a placeholder.</summary>
    public const int PastePlaceholderLines = 3;

    public const int PastePlaceholderChars = 800;

    private readonly StringBuilder _text = new();
    private readonly Dictionary<string, string> _pastes = new(StringComparer.Ordinal);
    private string _killed = string.Empty;
    private int _pasteCount;

    public string Text => _text.ToString();

    public int Cursor { get; private set; }

    public bool IsEmpty => _text.Length == 0;

    public void Insert(string text)
    {
        _text.Insert(Cursor, text);
        Cursor += text.Length;
    }

    /// <summary>A paste: small ones are typed in, large ones become <c>[Pasted text #n +N lines]</c>.</summary>
    public void Paste(string text)
    {
        var lines = text.Count(static c => c == '\n');
        if (lines < PastePlaceholderLines && text.Length <= PastePlaceholderChars)
        {
            Insert(text);
            return;
        }

        _pasteCount++;
        var placeholder = $"[Pasted text #{_pasteCount} +{lines} lines]";
        _pastes[placeholder] = text;
        Insert(placeholder);
    }

    /// <summary>Replaces the text and puts the cursor at <paramref name="cursor"/> (clamped).</summary>
    public void SetText(string text, int cursor)
    {
        SetText(text);
        Cursor = Math.Clamp(cursor, 0, _text.Length);
    }

    public void SetText(string text)
    {
        _text.Clear().Append(text);
        Cursor = text.Length;
    }

    /// <summary>The full text with placeholders expanded, and the editor emptied.</summary>
    public string Submit()
    {
        var text = Text;
        foreach (var (placeholder, content) in _pastes)
        {
            text = text.Replace(placeholder, content, StringComparison.Ordinal);
        }

        Clear();
        return text;
    }

    public void Clear()
    {
        _text.Clear();
        _pastes.Clear();
        Cursor = 0;
    }

    public void Backspace()
    {
        if (Cursor == 0)
        {
            return;
        }

        var length = char.IsLowSurrogate(_text[Cursor - 1]) && Cursor > 1 ? 2 : 1;
        _text.Remove(Cursor - length, length);
        Cursor -= length;
    }

    public void Delete()
    {
        if (Cursor < _text.Length)
        {
            _text.Remove(Cursor, char.IsHighSurrogate(_text[Cursor]) && Cursor + 1 < _text.Length ? 2 : 1);
        }
    }

    public void Left() => Cursor = Math.Max(0, Cursor - (Cursor > 1 && char.IsLowSurrogate(_text[Cursor - 1]) ? 2 : 1));

    public void Right() => Cursor = Math.Min(_text.Length, Cursor + (Cursor < _text.Length - 1 && char.IsHighSurrogate(_text[Cursor]) ? 2 : 1));

    /// <summary>C-a: start of the current line.</summary>
    public void LineStart() => Cursor = LineStartOf(Cursor);

    /// <summary>C-e: end of the current line.</summary>
    public void LineEnd() => Cursor = LineEndOf(Cursor);

    /// <summary>C-k: kill to the end of the line (or the newline itself when already there).</summary>
    public void KillToEnd()
    {
        var end = LineEndOf(Cursor);
        if (end == Cursor && end < _text.Length)
        {
            end++;
        }

        Kill(Cursor, end);
    }

    /// <summary>C-u: kill to the start of the line.</summary>
    public void KillToStart()
    {
        var start = LineStartOf(Cursor);
        Kill(start, Cursor);
        Cursor = start;
    }

    /// <summary>C-w: kill the word before the cursor (and the spaces after it).</summary>
    public void KillWordBack()
    {
        var start = WordStartBefore(Cursor);
        Kill(start, Cursor);
        Cursor = start;
    }

    /// <summary>C-y: insert the last killed text.</summary>
    public void Yank() => Insert(_killed);

    /// <summary>M-b.</summary>
    public void WordBack() => Cursor = WordStartBefore(Cursor);

    /// <summary>M-f.</summary>
    public void WordForward()
    {
        var i = Cursor;
        while (i < _text.Length && !IsWordChar(_text[i]))
        {
            i++;
        }

        while (i < _text.Length && IsWordChar(_text[i]))
        {
            i++;
        }

        Cursor = i;
    }

    /// <summary>True when the cursor is on the first line (Up goes to history rather than moving the cursor).</summary>
    public bool OnFirstLine => LineStartOf(Cursor) == 0;

    public bool OnLastLine => LineEndOf(Cursor) == _text.Length;

    public void Up() => MoveVertically(-1);

    public void Down() => MoveVertically(1);

    /// <summary>The cursor as (line, column-in-characters).</summary>
    public (int Line, int Column) Position()
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < Cursor; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Cursor - lineStart);
    }

    private void MoveVertically(int direction)
    {
        var column = Cursor - LineStartOf(Cursor);
        if (direction < 0)
        {
            var start = LineStartOf(Cursor);
            if (start == 0)
            {
                return;
            }

            var previousStart = LineStartOf(start - 1);
            Cursor = Math.Min(previousStart + column, start - 1);
        }
        else
        {
            var end = LineEndOf(Cursor);
            if (end == _text.Length)
            {
                return;
            }

            var nextStart = end + 1;
            Cursor = Math.Min(nextStart + column, LineEndOf(nextStart));
        }
    }

    private void Kill(int start, int end)
    {
        if (end <= start)
        {
            return;
        }

        _killed = _text.ToString(start, end - start);
        _text.Remove(start, end - start);
    }

    private int LineStartOf(int position)
    {
        var i = position;
        while (i > 0 && _text[i - 1] != '\n')
        {
            i--;
        }

        return i;
    }

    private int LineEndOf(int position)
    {
        var i = position;
        while (i < _text.Length && _text[i] != '\n')
        {
            i++;
        }

        return i;
    }

    private int WordStartBefore(int position)
    {
        var i = position;
        while (i > 0 && !IsWordChar(_text[i - 1]))
        {
            i--;
        }

        while (i > 0 && IsWordChar(_text[i - 1]))
        {
            i--;
        }

        return i;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
