using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tools.Search;

/// <summary>Content mode: matching lines with optional context, grep style.</summary>
public sealed partial class GrepTool
{
    private static void WriteContent(
        List<GrepHit> hits, GrepMatcher matcher, GrepInput input, ToolSession session, GrepOutput output, CancellationToken cancellationToken)
    {
        var before = input.Before ?? input.Context ?? 0;
        var after = input.After ?? input.Context ?? 0;
        var numbers = input.LineNumbers ?? true;
        var separate = before > 0 || after > 0;
        var printedAny = false;
        var matched = new List<int>();
        foreach (var hit in hits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (output.Full)
            {
                return;
            }

            var text = GrepSearch.ReadText(hit.Path);
            if (text is null)
            {
                continue;
            }

            matched.Clear();
            matcher.FindLines(text, matched, firstOnly: false);
            var lines = LineFormat.SplitLines(text);
            var display = Display(hit.Path, session);
            var next = 0;
            var lastPrinted = -1;
            var firstGroup = true;
            while (next < matched.Count && !output.Full)
            {
                // One group: the match's context, extended while following matches overlap it.
                var from = Math.Max(0, matched[next] - before);
                var to = Math.Min(lines.Count - 1, matched[next] + after);
                var end = next + 1;
                while (end < matched.Count && matched[end] - before <= to + 1)
                {
                    to = Math.Min(lines.Count - 1, matched[end] + after);
                    end++;
                }

                from = Math.Max(from, lastPrinted + 1);
                if (separate && printedAny && (firstGroup || from > lastPrinted + 1))
                {
                    output.Add("--");
                }

                var m = next;
                for (var line = from; line <= to; line++)
                {
                    var isMatch = m < end && matched[m] == line;
                    if (isMatch)
                    {
                        m++;
                    }

                    var separator = isMatch ? ':' : '-';
                    var body = lines[line].Length > MaxLineChars ? lines[line][..MaxLineChars] + " … [line truncated]" : lines[line];
                    output.Add(numbers ? $"{display}{separator}{line + 1}{separator}{body}" : $"{display}{separator}{body}");
                }

                printedAny = true;
                firstGroup = false;
                lastPrinted = to;
                next = end;
            }
        }
    }
}
