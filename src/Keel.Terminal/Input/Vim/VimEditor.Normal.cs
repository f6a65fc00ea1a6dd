using System.Globalization;

namespace Keel.Terminal.Input.Vim;

public sealed partial class VimEditor
{
    private const string ChangeCommands = "xXDCsSpPr~oOaAiIJdc";

    private static (int Value, bool Given) ReadCount(string keys, ref int i)
    {
        var start = i;
        while (i < keys.Length && char.IsAsciiDigit(keys[i]) && (i > start || keys[i] != '0'))
        {
            i++;
        }

        return i == start ? (1, false) : (int.Parse(keys.AsSpan(start, i - start), CultureInfo.InvariantCulture), true);
    }

    /// <summary>Parses <paramref name="keys"/> as one normal-mode command and runs it once it is complete.</summary>
    private Parse RunNormal(string keys)
    {
        var i = 0;
        var (count, counted) = ReadCount(keys, ref i);
        if (i >= keys.Length)
        {
            return Parse.Incomplete;
        }

        var command = keys[i];
        var status = RunNormalCommand(keys, i, count, counted);
        if (status == Parse.Done && ChangeCommands.Contains(command, StringComparison.Ordinal))
        {
            _changeKeys = keys[i..];
            _changeCount = counted ? count : null;
        }

        return status;
    }

    private Parse RunNormalCommand(string keys, int i, int count, bool counted)
    {
        var command = keys[i];
        var line = (Start: VimText.LineStart(Text, Cursor), End: VimText.LineEnd(Text, Cursor));
        switch (command)
        {
            case 'd' or 'c' or 'y':
                return RunOperator(keys, i, count, counted);
            case 'x':
                return RunNormalCommand(keys[..i] + "dl", i, count, counted);
            case 'X':
                return RunNormalCommand(keys[..i] + "dh", i, count, counted);
            case 'D':
                return RunNormalCommand(keys[..i] + "d$", i, count, counted);
            case 'C':
                return RunNormalCommand(keys[..i] + "c$", i, count, counted);
            case 's':
                return RunNormalCommand(keys[..i] + "cl", i, count, counted);
            case 'S':
                return RunNormalCommand(keys[..i] + "cc", i, count, counted);
            case 'Y':
                return RunNormalCommand(keys[..i] + "yy", i, count, counted);
            case 'p' or 'P':
                Put(command == 'p', count);
                return Parse.Done;
            case 'r':
                if (i + 1 >= keys.Length)
                {
                    return Parse.Incomplete;
                }

                if (Cursor + count > line.End)
                {
                    return Parse.Invalid;
                }

                Replace(Cursor, Cursor + count, new string(keys[i + 1], count));
                Cursor += count - 1;
                return Parse.Done;
            case '~':
                var end = Math.Min(line.End, Cursor + count);
                Replace(Cursor, end, ToggleCase(Text[Cursor..end]));
                Cursor = end;
                return Parse.Done;
            case 'o':
                Replace(line.End, line.End, "\n");
                Cursor = line.End + 1;
                EnterInsert(count);
                return Parse.Done;
            case 'O':
                Replace(line.Start, line.Start, "\n");
                Cursor = line.Start;
                EnterInsert(count);
                return Parse.Done;
            case 'a':
                Cursor = Math.Min(line.End, Cursor + 1);
                EnterInsert(count);
                return Parse.Done;
            case 'A':
                Cursor = line.End;
                EnterInsert(count);
                return Parse.Done;
            case 'i':
                EnterInsert(count);
                return Parse.Done;
            case 'I':
                Cursor = VimText.FirstNonBlank(Text, Cursor);
                EnterInsert(count);
                return Parse.Done;
            case 'J':
                return Join(Math.Max(1, count - 1)) ? Parse.Done : Parse.Invalid;
            case 'u':
                Undo(count);
                return Parse.Done;
            case '.':
                Repeat(counted ? count : null);
                return Parse.Done;
            case 'v' or 'V':
                _anchor = Cursor;
                Mode = command == 'v' ? VimMode.Visual : VimMode.VisualLine;
                return Parse.Done;
            case 'j' when !counted && line.End >= Text.Length:
                _passThrough = new KeyEvent(Key.Down);
                return Parse.Done;
            case 'k' when !counted && line.Start == 0:
                _passThrough = new KeyEvent(Key.Up);
                return Parse.Done;
            default:
                var motion = ParseMotion(keys, i, out var motionKeys);
                if (motion != Parse.Done)
                {
                    return motion;
                }

                if (Evaluate(motionKeys, count, counted, null) is { } target)
                {
                    Cursor = target.Position;
                }

                return Parse.Done;
        }
    }

    private Parse RunOperator(string keys, int i, int count1, bool counted1)
    {
        var op = keys[i++];
        var (count2, counted2) = ReadCount(keys, ref i);
        if (i >= keys.Length)
        {
            return Parse.Incomplete;
        }

        var count = count1 * count2;
        var counted = counted1 || counted2;
        var next = keys[i];
        if (next == op)
        {
            var first = VimText.LineIndex(Text, Cursor);
            var last = Math.Min(VimText.LineCount(Text) - 1, first + count - 1);
            Apply(op, VimText.StartOfLine(Text, first), VimText.StartOfLine(Text, last), linewise: true);
            return Parse.Done;
        }

        if (next is 'i' or 'a')
        {
            if (i + 1 >= keys.Length)
            {
                return Parse.Incomplete;
            }

            if (TextObject(next == 'a', keys[i + 1], count) is not { } range)
            {
                return Parse.Invalid;
            }

            Apply(op, range.Start, range.End, linewise: false);
            return Parse.Done;
        }

        var status = ParseMotion(keys, i, out var motionKeys);
        if (status != Parse.Done)
        {
            return status;
        }

        if (Evaluate(motionKeys, count, counted, op) is not { } target)
        {
            return Parse.Invalid;
        }

        switch (target.Kind)
        {
            case MotionKind.Linewise:
                Apply(op, Math.Min(Cursor, target.Position), Math.Max(Cursor, target.Position), linewise: true);
                break;
            case MotionKind.Inclusive:
                Apply(op, Math.Min(Cursor, target.Position), Math.Min(Text.Length, Math.Max(Cursor, target.Position) + 1), linewise: false);
                break;
            default:
                Apply(op, Math.Min(Cursor, target.Position), Math.Max(Cursor, target.Position), linewise: false);
                break;
        }

        return Parse.Done;
    }

    /// <summary>
    /// Runs operator <paramref name="op"/> over [start, end) — or, when <paramref name="linewise"/>, over the
    /// whole lines holding <paramref name="start"/> and <paramref name="end"/>.
    /// </summary>
    private void Apply(char op, int start, int end, bool linewise)
    {
        if (linewise)
        {
            var from = VimText.LineStart(Text, start);
            var to = VimText.LineEnd(Text, end);
            _register = (Text[from..to], true);
            switch (op)
            {
                case 'd':
                    if (to < Text.Length)
                    {
                        Replace(from, to + 1, string.Empty);
                        Cursor = VimText.FirstNonBlank(Text, from);
                    }
                    else
                    {
                        var cut = Math.Max(0, from - 1);
                        Replace(cut, to, string.Empty);
                        Cursor = VimText.FirstNonBlank(Text, cut);
                    }

                    break;
                case 'c':
                    Replace(from, to, string.Empty);
                    Cursor = from;
                    EnterInsert(1);
                    break;
                default:
                    // yy and yj leave the cursor; yk and ygg take it up to the first line yanked.
                    if (from < VimText.LineStart(Text, Cursor))
                    {
                        Cursor = from;
                    }

                    break;
            }

            return;
        }

        _register = (Text[start..end], false);
        switch (op)
        {
            case 'd':
                Replace(start, end, string.Empty);
                Cursor = start;
                break;
            case 'c':
                Replace(start, end, string.Empty);
                Cursor = start;
                EnterInsert(1);
                break;
            default:
                Cursor = start;
                break;
        }
    }

    private void Put(bool after, int count)
    {
        var (text, linewise) = _register;
        if (text.Length == 0 && !linewise)
        {
            return;
        }

        var repeated = string.Concat(Enumerable.Repeat(linewise ? text + "\n" : text, count));
        if (linewise)
        {
            if (after)
            {
                var end = VimText.LineEnd(Text, Cursor);
                Replace(end, end, "\n" + repeated[..^1]);
                Cursor = VimText.FirstNonBlank(Text, end + 1);
            }
            else
            {
                var start = VimText.LineStart(Text, Cursor);
                Replace(start, start, repeated);
                Cursor = VimText.FirstNonBlank(Text, start);
            }

            return;
        }

        var at = after && Cursor < VimText.LineEnd(Text, Cursor) ? Cursor + 1 : Cursor;
        Replace(at, at, repeated);
        Cursor = at + repeated.Length - 1;
    }

    /// <summary>J: joins <paramref name="times"/> following lines onto this one, one space between (none before ')' or after an empty line).</summary>
    private bool Join(int times)
    {
        for (var n = 0; n < times; n++)
        {
            var end = VimText.LineEnd(Text, Cursor);
            if (end >= Text.Length)
            {
                return n > 0;
            }

            var next = end + 1;
            while (next < Text.Length && VimText.IsBlank(Text[next]))
            {
                next++;
            }

            var start = VimText.LineStart(Text, Cursor);
            var separator = end == start || next >= Text.Length || Text[next] is '\n' or ')' || VimText.IsBlank(Text[end - 1]) ? string.Empty : " ";
            Replace(end, next, separator);
            Cursor = separator.Length > 0 ? end : Math.Max(start, end - 1);
        }

        return true;
    }

    private static string ToggleCase(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
            }
        });
}
