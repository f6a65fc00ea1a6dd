namespace Keel.Terminal.Input.Vim;

public sealed partial class VimEditor
{
    private const string SingleMotions = "hjklwbeWBE0^$G;, ";

    /// <summary>Reads the motion at <paramref name="i"/>: one key, <c>gg</c>, or f/t/F/T and a character.</summary>
    private static Parse ParseMotion(string keys, int i, out string motion)
    {
        motion = string.Empty;
        if (i >= keys.Length)
        {
            return Parse.Incomplete;
        }

        var c = keys[i];
        if (c is 'g' or 'f' or 't' or 'F' or 'T')
        {
            if (i + 1 >= keys.Length)
            {
                return Parse.Incomplete;
            }

            if (c == 'g' && keys[i + 1] != 'g')
            {
                return Parse.Invalid;
            }

            motion = keys.Substring(i, 2);
            return Parse.Done;
        }

        if (!SingleMotions.Contains(c, StringComparison.Ordinal))
        {
            return Parse.Invalid;
        }

        motion = c.ToString();
        return Parse.Done;
    }

    /// <summary>Where <paramref name="motion"/> goes from the cursor, or null when it cannot (no such character, no line below).</summary>
    private (int Position, MotionKind Kind)? Evaluate(string motion, int count, bool counted, char? op)
    {
        var p = Cursor;
        var lineStart = VimText.LineStart(Text, p);
        var lineEnd = VimText.LineEnd(Text, p);
        switch (motion[0])
        {
            case 'h':
                return p == lineStart && op is not null ? null : (Math.Max(lineStart, p - count), MotionKind.Exclusive);
            case 'l' or ' ':
                var limit = op is null ? Math.Max(lineStart, lineEnd - 1) : lineEnd;
                return p >= limit && op is not null ? null : (Math.Min(limit, p + count), MotionKind.Exclusive);
            case 'j' or 'k':
                var line = VimText.LineIndex(Text, p) + (motion[0] == 'j' ? count : -count);
                if (line < 0 || line >= VimText.LineCount(Text))
                {
                    return null;
                }

                var start = VimText.StartOfLine(Text, line);
                var column = Math.Min(p - lineStart, VimText.LineEnd(Text, start) - start);
                return (start + column, MotionKind.Linewise);
            case 'w' or 'W':
                return WordMotion(motion[0] == 'W', count, op);
            case 'b' or 'B':
                for (var n = 0; n < count; n++)
                {
                    p = VimText.PreviousWordStart(Text, p, motion[0] == 'B');
                }

                return (p, MotionKind.Exclusive);
            case 'e' or 'E':
                for (var n = 0; n < count; n++)
                {
                    p = VimText.WordEnd(Text, p, motion[0] == 'E');
                }

                return (p, MotionKind.Inclusive);
            case '0':
                return (lineStart, MotionKind.Exclusive);
            case '^':
                return (VimText.FirstNonBlank(Text, p), MotionKind.Exclusive);
            case '$':
                var last = Math.Min(VimText.LineCount(Text) - 1, VimText.LineIndex(Text, p) + count - 1);
                return (VimText.LineEnd(Text, VimText.StartOfLine(Text, last)), MotionKind.Exclusive);
            case 'G':
                var target = counted ? Math.Min(count, VimText.LineCount(Text)) - 1 : VimText.LineCount(Text) - 1;
                return (VimText.FirstNonBlank(Text, VimText.StartOfLine(Text, target)), MotionKind.Linewise);
            case 'g':
                var top = counted ? Math.Min(count, VimText.LineCount(Text)) - 1 : 0;
                return (VimText.FirstNonBlank(Text, VimText.StartOfLine(Text, top)), MotionKind.Linewise);
            case 'f' or 't' or 'F' or 'T':
                _lastFind = (motion[0], motion[1]);
                return Find(motion[0], motion[1], count, repeat: false);
            case ';' or ',':
                if (_lastFind is not { } find)
                {
                    return null;
                }

                var kind = motion[0] == ';' ? find.Kind : find.Kind switch { 'f' => 'F', 'F' => 'f', 't' => 'T', _ => 't' };
                return Find(kind, find.Target, count, repeat: true);
            default:
                return null;
        }
    }

    /// <summary>
    /// w/W. With an operator, the last word moved over ends the text when it ends its line (dw on a line's
    /// last word keeps the line break), and cw on a word changes to the word's end, like ce.
    /// </summary>
    private (int, MotionKind)? WordMotion(bool big, int count, char? op)
    {
        var p = Cursor;
        if (op == 'c' && p < Text.Length && !char.IsWhiteSpace(Text[p]))
        {
            var cls = VimText.Class(Text[p], big);
            while (p + 1 < Text.Length && VimText.Class(Text[p + 1], big) == cls)
            {
                p++;
            }

            for (var n = 1; n < count; n++)
            {
                p = VimText.WordEnd(Text, p, big);
            }

            return (p, MotionKind.Inclusive);
        }

        var from = p;
        for (var n = 0; n < count; n++)
        {
            from = p;
            p = VimText.NextWordStart(Text, p, big);
        }

        if (op is not null && Text.AsSpan(from, p - from).Contains('\n'))
        {
            p = Math.Max(from, VimText.LineEnd(Text, from));
        }

        return (p, MotionKind.Exclusive);
    }

    private (int, MotionKind)? Find(char kind, char target, int count, bool repeat)
    {
        var lineStart = VimText.LineStart(Text, Cursor);
        var lineEnd = VimText.LineEnd(Text, Cursor);
        if (kind is 'f' or 't')
        {
            var i = Cursor + (kind == 't' && repeat ? 2 : 1);
            var found = -1;
            for (var n = 0; n < count; n++)
            {
                found = i < lineEnd ? Text.IndexOf(target, i, lineEnd - i) : -1;
                if (found < 0)
                {
                    return null;
                }

                i = found + 1;
            }

            return (kind == 't' ? found - 1 : found, MotionKind.Inclusive);
        }

        var j = Cursor - (kind == 'T' && repeat ? 2 : 1);
        var back = -1;
        for (var n = 0; n < count; n++)
        {
            back = j >= lineStart ? Text.LastIndexOf(target, j, j - lineStart + 1) : -1;
            if (back < 0)
            {
                return null;
            }

            j = back - 1;
        }

        return (kind == 'T' ? back + 1 : back, MotionKind.Exclusive);
    }
}
