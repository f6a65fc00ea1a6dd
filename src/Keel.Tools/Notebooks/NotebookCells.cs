using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Tools.Notebooks;

/// <summary>Builds and serialises single cells in the style of the file they go into.</summary>
internal static class NotebookCells
{
    /// <summary>Splits source into nbformat's list of lines, each but the last keeping its newline.</summary>
    public static JsonArray SourceLines(string source)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                lines.Add((JsonNode)JsonValue.Create(source[start..(i + 1)]));
                start = i + 1;
            }
        }

        if (start < source.Length)
        {
            lines.Add((JsonNode)JsonValue.Create(source[start..]));
        }

        return lines;
    }

    /// <summary>A new cell, keys in nbformat's sorted order.</summary>
    public static JsonObject Create(string cellType, string source, string? id)
    {
        var cell = new JsonObject { ["cell_type"] = cellType };
        if (cellType == "code")
        {
            cell["execution_count"] = null;
        }

        if (id is not null)
        {
            cell["id"] = id;
        }

        cell["metadata"] = new JsonObject();
        if (cellType == "code")
        {
            cell["outputs"] = new JsonArray();
        }

        cell["source"] = SourceLines(source);
        return cell;
    }

    /// <summary>
    /// Changes a cell's source (and type), keeping its other fields and their order. A code cell's
    /// outputs no longer match new source, so they are cleared, as Jupyter does on edit.
    /// </summary>
    public static void Replace(JsonObject cell, string source, string? newType)
    {
        var type = newType ?? (cell["cell_type"]?.GetValue<string>() ?? "code");
        var wasString = cell["source"] is JsonValue;
        cell["cell_type"] = type;
        cell["source"] = wasString ? JsonValue.Create(source) : SourceLines(source);
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }
        else
        {
            cell.Remove("execution_count");
            cell.Remove("outputs");
        }
    }

    /// <summary>Serialises a cell with the file's indent unit, continuation lines prefixed by <paramref name="lineIndent"/>.</summary>
    public static string Serialize(JsonObject cell, string indentUnit, string lineIndent, string newLine)
    {
        var options = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = indentUnit.Length > 0,
            IndentCharacter = indentUnit.Length > 0 && indentUnit[0] == '\t' ? '\t' : ' ',
            IndentSize = Math.Clamp(indentUnit.Length, 1, 127),
            NewLine = newLine,
        };
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            cell.WriteTo(writer);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        return lineIndent.Length == 0 ? text : text.Replace(newLine, newLine + lineIndent, StringComparison.Ordinal);
    }

    public static string NewId() => Guid.NewGuid().ToString("N")[..8];

    public static string? Id(JsonObject cell) => cell["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;
}
