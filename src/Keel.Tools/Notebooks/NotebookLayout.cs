using System.Text;
using System.Text.Json;

namespace Keel.Tools.Notebooks;

/// <summary>
/// Where each cell of a notebook sits in the file's bytes, and the file's indentation, so an edit can
/// splice one cell and leave every other byte as it was.
/// </summary>
internal sealed class NotebookLayout
{
    private NotebookLayout(byte[] bytes, List<CellSpan> cells, int arrayStart, int arrayEnd, string indentUnit, string newLine)
    {
        Bytes = bytes;
        Cells = cells;
        ArrayStart = arrayStart;
        ArrayEnd = arrayEnd;
        IndentUnit = indentUnit;
        NewLine = newLine;
    }

    public byte[] Bytes { get; }

    public IReadOnlyList<CellSpan> Cells { get; }

    /// <summary>Offset of the cells array's '['.</summary>
    public int ArrayStart { get; }

    /// <summary>Offset of the cells array's ']'.</summary>
    public int ArrayEnd { get; }

    /// <summary>One level of the file's indentation ("" when the file is on one line).</summary>
    public string IndentUnit { get; }

    public string NewLine { get; }

    /// <summary>Finds the top-level <c>cells</c> array; null with a reason when the file is not a notebook.</summary>
    public static (NotebookLayout? Layout, string? Error) Scan(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var cells = new List<CellSpan>();
        var arrayStart = -1;
        var arrayEnd = -1;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, "the file is not a JSON object");
            }

            while (reader.Read() && reader.CurrentDepth >= 1)
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var isCells = reader.ValueTextEquals("cells"u8);
                reader.Read();
                if (!isCells)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return (null, "\"cells\" is not an array");
                }

                arrayStart = (int)reader.TokenStartIndex;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return (null, $"cell {cells.Count} is not a JSON object");
                    }

                    reader.Skip();
                    cells.Add(new CellSpan(start, (int)reader.BytesConsumed));
                }

                arrayEnd = (int)reader.TokenStartIndex;
            }
        }
        catch (JsonException ex)
        {
            return (null, $"the file is not valid JSON ({ex.Message})");
        }

        if (arrayStart < 0)
        {
            return (null, "the file has no \"cells\" array");
        }

        var newLine = Array.IndexOf(bytes, (byte)'\n') is var nl and > 0 && bytes[nl - 1] == '\r' ? "\r\n" : "\n";
        return (new NotebookLayout(bytes, cells, arrayStart, arrayEnd, DetectIndent(bytes, arrayStart, cells), newLine), null);
    }

    /// <summary>The whitespace at the start of the line holding <paramref name="offset"/>.</summary>
    public string LineIndent(int offset)
    {
        var lineStart = offset;
        while (lineStart > 0 && Bytes[lineStart - 1] != '\n')
        {
            lineStart--;
        }

        var end = lineStart;
        while (end < offset && Bytes[end] is (byte)' ' or (byte)'\t')
        {
            end++;
        }

        return Encoding.UTF8.GetString(Bytes, lineStart, end - lineStart);
    }

    private static string DetectIndent(byte[] bytes, int arrayStart, List<CellSpan> cells)
    {
        // The "cells" key sits one level deep, so its line's indent is one unit.
        var keyLineStart = arrayStart;
        while (keyLineStart > 0 && bytes[keyLineStart - 1] != '\n')
        {
            keyLineStart--;
        }

        var end = keyLineStart;
        while (end < bytes.Length && bytes[end] is (byte)' ' or (byte)'\t')
        {
            end++;
        }

        if (end > keyLineStart && keyLineStart > 0)
        {
            return Encoding.UTF8.GetString(bytes, keyLineStart, end - keyLineStart);
        }

        if (cells.Count > 0 && Array.IndexOf(bytes, (byte)'\n') >= 0)
        {
            return " ";
        }

        return Array.IndexOf(bytes, (byte)'\n') >= 0 ? " " : string.Empty;
    }
}
