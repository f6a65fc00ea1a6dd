using System.Text;
using Keel.Terminal.Rendering.Text;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace Keel.Terminal.Rendering.Markdown;

public sealed partial class MarkdownRenderer
{
    private const int MinColumnWidth = 3;

    private void RenderTable(Table table, int width, string first, string rest, List<string> output)
    {
        var rows = table.OfType<TableRow>().ToList();
        var columns = rows.Count == 0 ? 0 : rows.Max(static r => r.Count);
        if (columns == 0)
        {
            return;
        }

        var cells = rows.Select(row => Enumerable.Range(0, columns)
            .Select(i => i < row.Count && row[i] is TableCell cell ? CellText(cell) : string.Empty)
            .ToArray()).ToList();
        var widths = new int[columns];
        foreach (var row in cells)
        {
            for (var i = 0; i < columns; i++)
            {
                widths[i] = Math.Max(widths[i], Math.Max(1, DisplayWidth.Of(row[i])));
            }
        }

        // Borders take "│ " before each column, " " after it, and one closing "│".
        var available = width - DisplayWidth.Of(rest) - (3 * columns) - 1;
        if (available < MinColumnWidth * columns)
        {
            RenderTableAsRecords(rows, cells, width, first, rest, output);
            return;
        }

        Shrink(widths, available);
        var aligns = Enumerable.Range(0, columns)
            .Select(i => i < table.ColumnDefinitions.Count ? table.ColumnDefinitions[i].Alignment : null)
            .ToArray();
        var (horizontal, vertical) = _style.Unicode ? ('─', "│") : ('-', "|");
        string Rule(string left, string middle, string right) =>
            _style.Dim(left + string.Join(middle, widths.Select(w => new string(horizontal, w + 2))) + right);

        var unicode = _style.Unicode;
        output.Add(first + Rule(unicode ? "┌" : "+", unicode ? "┬" : "+", unicode ? "┐" : "+"));
        for (var r = 0; r < rows.Count; r++)
        {
            var wrapped = new IReadOnlyList<string>[columns];
            for (var i = 0; i < columns; i++)
            {
                var text = rows[r].IsHeader ? _style.Bold(cells[r][i]) : cells[r][i];
                wrapped[i] = AnsiWrapper.Wrap(text, widths[i]);
            }

            var height = wrapped.Max(static w => w.Count);
            for (var line = 0; line < height; line++)
            {
                var builder = new StringBuilder(rest);
                foreach (var (i, lines) in wrapped.Index())
                {
                    builder.Append(_style.Dim(vertical)).Append(' ');
                    builder.Append(Pad(line < lines.Count ? lines[line] : string.Empty, widths[i], aligns[i])).Append(' ');
                }

                builder.Append(_style.Dim(vertical));
                output.Add(builder.ToString());
            }

            if (rows[r].IsHeader && r + 1 < rows.Count && !rows[r + 1].IsHeader)
            {
                output.Add(rest + Rule(unicode ? "├" : "+", unicode ? "┼" : "+", unicode ? "┤" : "+"));
            }
        }

        output.Add(rest + Rule(unicode ? "└" : "+", unicode ? "┴" : "+", unicode ? "┘" : "+"));
    }

    /// <summary>Too narrow for columns: each row becomes "header: value" lines.</summary>
    private void RenderTableAsRecords(List<TableRow> rows, List<string[]> cells, int width, string first, string rest, List<string> output)
    {
        var header = rows.Count > 0 && rows[0].IsHeader ? cells[0] : null;
        var lead = first;
        for (var r = header is null ? 0 : 1; r < cells.Count; r++)
        {
            if (lead != first)
            {
                output.Add(BlankLine(rest));
            }

            for (var i = 0; i < cells[r].Length; i++)
            {
                var label = header is null ? string.Empty : _style.Bold(header[i]) + ": ";
                AnsiWrapper.Wrap(label + cells[r][i], width, output, lead, rest + "  ");
                lead = rest;
            }
        }
    }

    /// <summary>Takes columns from the widest first until the table fits.</summary>
    private static void Shrink(int[] widths, int available)
    {
        var excess = widths.Sum() - available;
        while (excess > 0)
        {
            var widest = 0;
            for (var i = 1; i < widths.Length; i++)
            {
                if (widths[i] > widths[widest])
                {
                    widest = i;
                }
            }

            var second = widths.Where((_, i) => i != widest).DefaultIfEmpty(MinColumnWidth).Max();
            var take = Math.Min(excess, Math.Max(1, widths[widest] - Math.Max(second, MinColumnWidth)));
            widths[widest] -= take;
            excess -= take;
        }
    }

    private static string Pad(string text, int width, TableColumnAlign? align)
    {
        var gap = Math.Max(0, width - DisplayWidth.Of(text));
        return align switch
        {
            TableColumnAlign.Right => new string(' ', gap) + text,
            TableColumnAlign.Center => new string(' ', gap / 2) + text + new string(' ', gap - (gap / 2)),
            _ => text + new string(' ', gap),
        };
    }

    private string CellText(TableCell cell) =>
        string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => RenderInlines(p.Inline).Replace('\n', ' ')));
}
