using System.Text;

namespace Keel.Terminal.Input;

/// <summary>
/// Turns raw terminal bytes into key events: UTF-8 text, control keys, CSI and SS3 sequences (arrows,
/// Home/End, Delete, Shift+Tab, modified keys including the kitty/xterm Shift+Enter forms), Alt/Meta as an
/// ESC prefix, and bracketed paste (everything between ESC[200~ and ESC[201~ is one paste event).
/// A lone ESC at the end of a chunk is the Escape key: terminals send a sequence in one write.
/// </summary>
public sealed class KeyDecoder
{
    private static readonly byte[] PasteEnd = "\e[201~"u8.ToArray();

    private readonly List<byte> _pending = [];
    private readonly List<byte> _paste = [];
    private bool _inPaste;

    public IReadOnlyList<KeyEvent> Feed(ReadOnlySpan<byte> bytes)
    {
        _pending.AddRange(bytes);
        var events = new List<KeyEvent>();
        var data = _pending.ToArray();
        var i = 0;
        while (i < data.Length)
        {
            if (_inPaste)
            {
                var end = data.AsSpan(i).IndexOf(PasteEnd);
                if (end < 0)
                {
                    // Keep a possible partial terminator for the next chunk.
                    var keep = Math.Min(PasteEnd.Length - 1, data.Length - i);
                    _paste.AddRange(data.AsSpan(i, data.Length - i - keep));
                    i = data.Length - keep;
                    break;
                }

                _paste.AddRange(data.AsSpan(i, end));
                events.Add(new KeyEvent(Key.Paste, Encoding.UTF8.GetString([.. _paste]).Replace("\r\n", "\n").Replace('\r', '\n')));
                _paste.Clear();
                _inPaste = false;
                i += end + PasteEnd.Length;
                continue;
            }

            var consumed = DecodeOne(data, i, events);
            if (consumed == 0)
            {
                break;
            }

            i += consumed;
        }

        _pending.RemoveRange(0, i);
        return events;
    }

    /// <summary>Returns the bytes consumed, or 0 when the sequence is incomplete and needs more input.</summary>
    private int DecodeOne(byte[] data, int i, List<KeyEvent> events)
    {
        var b = data[i];
        switch (b)
        {
            case 0x1b:
                return DecodeEscape(data, i, events);
            case 0x0d or 0x0a:
                events.Add(new KeyEvent(Key.Enter));
                return 1;
            case 0x09:
                events.Add(new KeyEvent(Key.Tab));
                return 1;
            case 0x7f or 0x08:
                events.Add(new KeyEvent(Key.Backspace));
                return 1;
            case < 0x20:
                events.Add(b == 0 ? new KeyEvent(Key.Unknown) : KeyEvent.Ctrl((char)('a' + b - 1)));
                return 1;
        }

        var length = b switch
        {
            < 0x80 => 1,
            >= 0xF0 => 4,
            >= 0xE0 => 3,
            >= 0xC0 => 2,
            _ => 1,
        };
        if (i + length > data.Length)
        {
            return 0;
        }

        var text = Encoding.UTF8.GetString(data, i, length);
        events.Add(new KeyEvent(Key.Char, text));
        return length;
    }

    private int DecodeEscape(byte[] data, int i, List<KeyEvent> events)
    {
        if (i + 1 >= data.Length)
        {
            events.Add(new KeyEvent(Key.Escape));
            return 1;
        }

        var next = data[i + 1];
        if (next == (byte)'[')
        {
            return DecodeCsi(data, i, events);
        }

        if (next == (byte)'O')
        {
            if (i + 2 >= data.Length)
            {
                events.Add(new KeyEvent(Key.Alt, "O"));
                return 2;
            }

            events.Add(Final((char)data[i + 2], 1));
            return 3;
        }

        switch (next)
        {
            case 0x0d or 0x0a:
                events.Add(new KeyEvent(Key.ShiftEnter));
                return 2;
            case 0x1b:
                // ESC ESC: two presses (or Alt+Esc); report the first and let the second decode alone.
                events.Add(new KeyEvent(Key.Escape));
                return 1;
            case 0x7f or 0x08:
                events.Add(KeyEvent.Ctrl('w'));
                return 2;
            case >= 0x20 and < 0x7f:
                events.Add(new KeyEvent(Key.Alt, ((char)next).ToString().ToLowerInvariant()));
                return 2;
            default:
                events.Add(new KeyEvent(Key.Escape));
                return 1;
        }
    }

    private int DecodeCsi(byte[] data, int i, List<KeyEvent> events)
    {
        var j = i + 2;
        while (j < data.Length && data[j] is >= 0x30 and <= 0x3f)
        {
            j++;
        }

        while (j < data.Length && data[j] is >= 0x20 and <= 0x2f)
        {
            j++;
        }

        if (j >= data.Length)
        {
            // An incomplete sequence at the end of a chunk: wait for the rest.
            return 0;
        }

        var parameters = Encoding.ASCII.GetString(data, i + 2, j - i - 2);
        var final = (char)data[j];
        var consumed = j - i + 1;
        var parts = parameters.Split(';');
        var first = parts.Length > 0 && int.TryParse(parts[0], out var p0) ? p0 : 0;
        var modifier = parts.Length > 1 && int.TryParse(parts[1], out var p1) ? p1 : 1;

        if (final == '~')
        {
            switch (first)
            {
                case 200:
                    _inPaste = true;
                    return consumed;
                case 27 when parts.Length > 2 && int.TryParse(parts[2], out var code):
                    events.Add(ModifiedCode(code, modifier));
                    return consumed;
            }

            events.Add(first switch
            {
                1 or 7 => new KeyEvent(Key.Home),
                4 or 8 => new KeyEvent(Key.End),
                3 => new KeyEvent(Key.Delete),
                5 => new KeyEvent(Key.PageUp),
                6 => new KeyEvent(Key.PageDown),
                _ => new KeyEvent(Key.Unknown),
            });
            return consumed;
        }

        if (final == 'u')
        {
            events.Add(ModifiedCode(first, modifier));
            return consumed;
        }

        events.Add(final == 'Z' ? new KeyEvent(Key.ShiftTab) : Final(final, modifier));
        return consumed;
    }

    /// <summary>kitty <c>CSI code;mod u</c> and xterm <c>CSI 27;mod;code ~</c>: a key with modifiers (2 = Shift, 3 = Alt, 5 = Ctrl).</summary>
    private static KeyEvent ModifiedCode(int code, int modifier) => code switch
    {
        13 when modifier > 1 => new KeyEvent(Key.ShiftEnter),
        13 => new KeyEvent(Key.Enter),
        9 when modifier == 2 => new KeyEvent(Key.ShiftTab),
        9 => new KeyEvent(Key.Tab),
        27 => new KeyEvent(Key.Escape),
        127 => new KeyEvent(Key.Backspace),
        >= 'a' and <= 'z' when modifier == 5 => KeyEvent.Ctrl((char)code),
        >= 'a' and <= 'z' when modifier == 3 => new KeyEvent(Key.Alt, ((char)code).ToString()),
        >= 0x20 => new KeyEvent(Key.Char, char.ConvertFromUtf32(code)),
        _ => new KeyEvent(Key.Unknown),
    };

    private static KeyEvent Final(char final, int modifier)
    {
        var ctrlOrAlt = modifier is 3 or 5;
        return final switch
        {
            'A' => new KeyEvent(Key.Up),
            'B' => new KeyEvent(Key.Down),
            'C' => new KeyEvent(ctrlOrAlt ? Key.WordRight : Key.Right),
            'D' => new KeyEvent(ctrlOrAlt ? Key.WordLeft : Key.Left),
            'H' => new KeyEvent(Key.Home),
            'F' => new KeyEvent(Key.End),
            'M' => new KeyEvent(Key.Enter),
            _ => new KeyEvent(Key.Unknown),
        };
    }
}
