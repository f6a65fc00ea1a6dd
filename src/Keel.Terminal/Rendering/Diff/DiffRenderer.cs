using DiffPlex;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering.Diff;

/// <summary>
/// A unified line diff with line numbers and +/- colours, trimmed to a few lines of context around each change.
/// Used by finished Edit/Write cards and by the permission dialog before the edit runs.
/// </summary>
public static class DiffRenderer
{
    public const int ContextLines = 3;
    public const int DefaultMaxLines = 40;

    /// <summary>The diff of <paramref name="oldText"/> to <paramref name="newText"/> with a header naming <paramref name="path"/>.</summary>
    /// <param name="firstLineNumber">Line number of the first line of both texts, for fragments taken from inside a file.</param>
    public static IReadOnlyList<string> Render(
        string path,
        string oldText,
        string newText,
        int width,
        RenderOptions options,
        int maxLines = DefaultMaxLines,
        int firstLineNumber = 1,
        bool header = true)
    {
        var style = new Styler(options);
        var lines = Compute(oldText, newText, firstLineNumber);
        var output = new List<string>();
        if (header)
        {
            var added = lines.Count(static l => l.Kind == DiffLineKind.Inserted);
            var removed = lines.Count(static l => l.Kind == DiffLineKind.Deleted);
            var title = $"{style.Bold(DisplayWidth.Sanitize(path))} {style.Green($"+{added}")} {style.Red($"-{removed}")}";
            output.Add(AnsiWrapper.Truncate(title, width));
        }

        if (lines.Count == 0)
        {
            output.Add(style.Dim("(no changes)"));
            return output;
        }

        var digits = Math.Max(1, lines.Max(static l => l.Number).ToString().Length);
        var shown = Math.Min(lines.Count, maxLines);
        if (lines.Count > maxLines)
        {
            // Leave room for the "more lines" note rather than exceed the budget.
            shown = Math.Max(1, maxLines - 1);
        }

        for (var i = 0; i < shown; i++)
        {
            output.Add(RenderLine(lines[i], digits, width, style));
        }

        if (shown < lines.Count)
        {
            output.Add(style.Dim($"{new string(' ', digits)} {style.Glyph("…", "...")} {lines.Count - shown} more lines"));
        }

        return output;
    }

    /// <summary>The diff as lines with numbers, context trimmed to <see cref="ContextLines"/> around changes.</summary>
    public static IReadOnlyList<DiffLine> Compute(string oldText, string newText, int firstLineNumber = 1)
    {
        oldText = Normalize(oldText);
        newText = Normalize(newText);
        var all = new List<DiffLine>();
        if (oldText.Length == 0 || newText.Length == 0)
        {
            // A created or emptied file: every line is one-sided (DiffPlex would pair it with an empty line).
            var (kind, text) = oldText.Length == 0 ? (DiffLineKind.Inserted, newText) : (DiffLineKind.Deleted, oldText);
            if (text.Length > 0)
            {
                all.AddRange(text.Split('\n').Select((line, i) => new DiffLine(kind, i + firstLineNumber, line)));
            }

            return all;
        }

        var result = new Differ().CreateLineDiffs(oldText, newText, ignoreWhitespace: false);
        var (a, b) = (0, 0);
        foreach (var block in result.DiffBlocks)
        {
            for (; a < block.DeleteStartA && b < block.InsertStartB; a++, b++)
            {
                all.Add(new DiffLine(DiffLineKind.Context, b + firstLineNumber, result.PiecesNew[b]));
            }

            for (var i = 0; i < block.DeleteCountA; i++)
            {
                all.Add(new DiffLine(DiffLineKind.Deleted, block.DeleteStartA + i + firstLineNumber, result.PiecesOld[block.DeleteStartA + i]));
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                all.Add(new DiffLine(DiffLineKind.Inserted, block.InsertStartB + i + firstLineNumber, result.PiecesNew[block.InsertStartB + i]));
            }

            (a, b) = (block.DeleteStartA + block.DeleteCountA, block.InsertStartB + block.InsertCountB);
        }

        for (; b < result.PiecesNew.Length; a++, b++)
        {
            all.Add(new DiffLine(DiffLineKind.Context, b + firstLineNumber, result.PiecesNew[b]));
        }

        return TrimContext(all);
    }

    private static string Normalize(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith('\n') ? text[..^1] : text;
    }

    private static List<DiffLine> TrimContext(List<DiffLine> all)
    {
        var keep = new bool[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Kind != DiffLineKind.Context)
            {
                for (var j = Math.Max(0, i - ContextLines); j <= Math.Min(all.Count - 1, i + ContextLines); j++)
                {
                    keep[j] = true;
                }
            }
        }

        var trimmed = new List<DiffLine>();
        var skipped = false;
        for (var i = 0; i < all.Count; i++)
        {
            if (!keep[i])
            {
                skipped = true;
                continue;
            }

            if (skipped && trimmed.Count > 0)
            {
                trimmed.Add(new DiffLine(DiffLineKind.Gap, 0, string.Empty));
            }

            skipped = false;
            trimmed.Add(all[i]);
        }

        return trimmed;
    }

    private static string RenderLine(DiffLine line, int digits, int width, Styler style)
    {
        if (line.Kind == DiffLineKind.Gap)
        {
            return style.Dim(new string(' ', digits) + " " + style.Glyph("⋮", ":"));
        }

        var number = line.Number.ToString().PadLeft(digits);
        var sign = line.Kind switch
        {
            DiffLineKind.Deleted => "-",
            DiffLineKind.Inserted => "+",
            _ => " ",
        };
        var text = DisplayWidth.ExpandTabs(DisplayWidth.Sanitize(line.Text));
        var body = AnsiWrapper.Truncate($"{sign} {text}", Math.Max(4, width - digits - 1));
        return line.Kind switch
        {
            DiffLineKind.Deleted => style.Dim(number) + " " + style.Red(body),
            DiffLineKind.Inserted => style.Dim(number) + " " + style.Green(body),
            _ => style.Dim(number) + " " + body,
        };
    }
}
