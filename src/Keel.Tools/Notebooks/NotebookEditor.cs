using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Tools.Notebooks;

/// <summary>
/// Replaces, inserts or deletes one cell by splicing bytes: everything outside the edited cell (and
/// the separator next to it) stays byte for byte, so diffs and the nbformat version are untouched.
/// </summary>
internal static class NotebookEditor
{
    public static NotebookEditResult Apply(byte[] bytes, string? cellId, string newSource, string? cellType, string mode)
    {
        var (layout, error) = NotebookLayout.Scan(bytes);
        if (layout is null)
        {
            return NotebookEditResult.Fail($"The file is not a notebook that can be edited: {error}.");
        }

        var cells = layout.Cells.Select(span => (JsonObject)JsonNode.Parse(layout.Bytes.AsSpan(span.Start, span.End - span.Start))!).ToList();
        var index = -1;
        if (cellId is not null)
        {
            index = FindCell(cells, cellId);
            if (index < 0)
            {
                var known = string.Join(", ", cells.Select((c, i) => NotebookCells.Id(c) ?? $"cell-{i}").Take(20));
                return NotebookEditResult.Fail($"No cell has the id \"{cellId}\". The cells are: {(known.Length == 0 ? "(none)" : known)}.");
            }
        }

        switch (mode)
        {
            case "replace":
                if (index < 0)
                {
                    return NotebookEditResult.Fail("cell_id is required to replace a cell.");
                }

                var cell = cells[index];
                NotebookCells.Replace(cell, newSource, cellType);
                var span = layout.Cells[index];
                var text = NotebookCells.Serialize(cell, layout.IndentUnit, layout.LineIndent(span.Start), layout.NewLine);
                return NotebookEditResult.Ok(Splice(bytes, span.Start, span.End, text), NotebookCells.Id(cell) ?? $"cell-{index}", "Replaced");
            case "insert":
                return Insert(layout, cells, index, newSource, cellType);
            case "delete":
                if (index < 0)
                {
                    return NotebookEditResult.Fail("cell_id is required to delete a cell.");
                }

                return Delete(layout, index, NotebookCells.Id(cells[index]) ?? $"cell-{index}");
            default:
                return NotebookEditResult.Fail($"edit_mode must be replace, insert or delete, not \"{mode}\".");
        }
    }

    private static NotebookEditResult Insert(NotebookLayout layout, List<JsonObject> cells, int after, string source, string? cellType)
    {
        if (cellType is null)
        {
            return NotebookEditResult.Fail("cell_type (code or markdown) is required to insert a cell.");
        }

        // Ids are part of nbformat 4.5; older notebooks get none so they stay valid for their version.
        var useIds = cells.Count == 0 ? MinorVersion(layout.Bytes) >= 5 : cells.Exists(static c => NotebookCells.Id(c) is not null);
        var id = useIds ? NotebookCells.NewId() : null;
        var cell = NotebookCells.Create(cellType, source, id);
        var bytes = layout.Bytes;
        string indent;
        if (layout.Cells.Count == 0)
        {
            var outer = layout.LineIndent(layout.ArrayStart);
            indent = outer + layout.IndentUnit;
            var sep = layout.IndentUnit.Length == 0 ? string.Empty : layout.NewLine;
            var body = sep + indent + NotebookCells.Serialize(cell, layout.IndentUnit, indent, layout.NewLine) + sep + outer;
            return NotebookEditResult.Ok(Splice(bytes, layout.ArrayStart + 1, layout.ArrayEnd, body), id ?? "cell-0", "Inserted");
        }

        var separator = layout.IndentUnit.Length == 0 ? "," : "," + layout.NewLine;
        if (after < 0)
        {
            var first = layout.Cells[0];
            indent = layout.LineIndent(first.Start);
            var text = NotebookCells.Serialize(cell, layout.IndentUnit, indent, layout.NewLine) + separator + indent;
            return NotebookEditResult.Ok(Splice(bytes, first.Start, first.Start, text), id ?? "cell-0", "Inserted");
        }

        var target = layout.Cells[after];
        indent = layout.LineIndent(target.Start);
        var inserted = separator + indent + NotebookCells.Serialize(cell, layout.IndentUnit, indent, layout.NewLine);
        return NotebookEditResult.Ok(Splice(bytes, target.End, target.End, inserted), id ?? $"cell-{after + 1}", "Inserted");
    }

    private static NotebookEditResult Delete(NotebookLayout layout, int index, string id)
    {
        var spans = layout.Cells;
        var bytes = layout.Bytes;
        if (spans.Count == 1)
        {
            return NotebookEditResult.Ok(Splice(bytes, layout.ArrayStart + 1, layout.ArrayEnd, string.Empty), id, "Deleted");
        }

        // Remove the cell with the separator before it (or, for the first cell, the one after it).
        return index > 0
            ? NotebookEditResult.Ok(Splice(bytes, spans[index - 1].End, spans[index].End, string.Empty), id, "Deleted")
            : NotebookEditResult.Ok(Splice(bytes, spans[0].Start, spans[1].Start, string.Empty), id, "Deleted");
    }

    private static int FindCell(List<JsonObject> cells, string cellId)
    {
        var byId = cells.FindIndex(c => NotebookCells.Id(c) == cellId);
        if (byId >= 0)
        {
            return byId;
        }

        // Notebooks without ids are addressed as cell-N (the form Read shows for them).
        var text = cellId.StartsWith("cell-", StringComparison.Ordinal) ? cellId[5..] : cellId;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < cells.Count && NotebookCells.Id(cells[n]) is null ? n : -1;
    }

    private static int MinorVersion(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.TryGetProperty("nbformat_minor", out var minor) && minor.TryGetInt32(out var value) ? value : 0;
    }

    private static byte[] Splice(byte[] bytes, int start, int end, string replacement)
    {
        var middle = Encoding.UTF8.GetBytes(replacement);
        var result = new byte[start + middle.Length + (bytes.Length - end)];
        bytes.AsSpan(0, start).CopyTo(result);
        middle.CopyTo(result.AsSpan(start));
        bytes.AsSpan(end).CopyTo(result.AsSpan(start + middle.Length));
        return result;
    }
}
