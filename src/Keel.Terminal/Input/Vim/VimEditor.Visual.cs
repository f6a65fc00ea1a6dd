namespace Keel.Terminal.Input.Vim;

public sealed partial class VimEditor
{
    /// <summary>A visual-mode command: motions move the cursor end, text objects select, operators act on the selection.</summary>
    private Parse RunVisual(string keys)
    {
        var i = 0;
        var (count, counted) = ReadCount(keys, ref i);
        if (i >= keys.Length)
        {
            return Parse.Incomplete;
        }

        var command = keys[i];
        var linewise = Mode == VimMode.VisualLine;
        var from = Math.Min(_anchor, Cursor);
        var to = Math.Max(_anchor, Cursor);
        var (start, end) = Selection!.Value;
        switch (command)
        {
            case 'o':
                (_anchor, Cursor) = (Cursor, _anchor);
                return Parse.Done;
            case 'v' or 'V':
                var wanted = command == 'v' ? VimMode.Visual : VimMode.VisualLine;
                Mode = Mode == wanted ? VimMode.Normal : wanted;
                return Parse.Done;
            case 'i' or 'a':
                if (i + 1 >= keys.Length)
                {
                    return Parse.Incomplete;
                }

                if (TextObject(command == 'a', keys[i + 1], count) is not { } range || range.End <= range.Start)
                {
                    return Parse.Invalid;
                }

                Mode = VimMode.Visual;
                _anchor = range.Start;
                Cursor = range.End - 1;
                return Parse.Done;
            case 'd' or 'x':
                Apply('d', linewise ? from : start, linewise ? to : end, linewise);
                Mode = VimMode.Normal;
                return Parse.Done;
            case 'X' or 'D':
                Apply('d', from, to, linewise: true);
                Mode = VimMode.Normal;
                return Parse.Done;
            case 'c' or 's':
                Apply('c', linewise ? from : start, linewise ? to : end, linewise);
                return Parse.Done;
            case 'C' or 'S' or 'R':
                Apply('c', from, to, linewise: true);
                return Parse.Done;
            case 'y':
                Apply('y', linewise ? from : start, linewise ? to : end, linewise);
                Cursor = linewise ? VimText.LineStart(Text, from) : start;
                Mode = VimMode.Normal;
                return Parse.Done;
            case '~' or 'u' or 'U':
                var part = Text[start..end];
                Replace(start, end, command switch { 'u' => part.ToLowerInvariant(), 'U' => part.ToUpperInvariant(), _ => ToggleCase(part) });
                Cursor = start;
                Mode = VimMode.Normal;
                return Parse.Done;
            case 'r':
                if (i + 1 >= keys.Length)
                {
                    return Parse.Incomplete;
                }

                var with = keys[i + 1];
                Replace(start, end, string.Concat(Text[start..end].Select(c => c == '\n' ? '\n' : with)));
                Cursor = start;
                Mode = VimMode.Normal;
                return Parse.Done;
            case 'J':
                Cursor = from;
                Join(Math.Max(1, VimText.LineIndex(Text, to) - VimText.LineIndex(Text, from)));
                Mode = VimMode.Normal;
                return Parse.Done;
            case 'p' or 'P':
                var saved = _register;
                Apply('d', linewise ? from : start, linewise ? to : end, linewise);
                var text = saved.Linewise == linewise ? saved.Text : saved.Linewise ? "\n" + saved.Text + "\n" : saved.Text;
                if (linewise)
                {
                    var at = VimText.LineStart(Text, Cursor);
                    var tail = at < Text.Length || Text.Length == 0 ? "\n" : string.Empty;
                    Replace(at, at, text + (Text.Length == 0 ? string.Empty : tail));
                    Cursor = at;
                }
                else
                {
                    Replace(Cursor, Cursor, text);
                    Cursor += Math.Max(0, text.Length - 1);
                }

                _register = saved;
                Mode = VimMode.Normal;
                return Parse.Done;
            default:
                var status = ParseMotion(keys, i, out var motion);
                if (status != Parse.Done)
                {
                    return status;
                }

                if (Evaluate(motion, count, counted, null) is { } target)
                {
                    Cursor = target.Position;
                }

                return Parse.Done;
        }
    }
}
