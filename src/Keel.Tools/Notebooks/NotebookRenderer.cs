using System.Globalization;
using System.Text;
using System.Text.Json;
using Keel.Core.Messages;

namespace Keel.Tools.Notebooks;

/// <summary>
/// Shows a notebook to the model: every cell with its id, type and source, then its outputs
/// (text, streams, errors); image/png and image/jpeg outputs become image blocks.
/// </summary>
internal static class NotebookRenderer
{
    private const int MaxOutputChars = 10_000;

    /// <summary>The blocks for the model, or an error message when the file is not a notebook.</summary>
    public static (IReadOnlyList<ContentBlock>? Blocks, int Cells, string? Error) Render(string path, byte[] bytes)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            return (null, 0, $"{path} is not valid notebook JSON: {ex.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            {
                return (null, 0, $"{path} has no \"cells\" array, so it is not a Jupyter notebook.");
            }

            var blocks = new List<ContentBlock>();
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"Notebook {path} (nbformat {Number(root, "nbformat")}.{Number(root, "nbformat_minor")}, {Language(root)}, {cells.GetArrayLength()} cells)\n\n");
            var index = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                RenderCell(cell, index++, text, blocks);
            }

            blocks.Add(new TextBlock(text.ToString()));
            return (blocks, index, null);
        }
    }

    private static void RenderCell(JsonElement cell, int index, StringBuilder text, List<ContentBlock> blocks)
    {
        var id = Str(cell, "id") ?? $"cell-{index}";
        var type = Str(cell, "cell_type") ?? "code";
        text.Append("<cell id=\"").Append(id).Append("\" type=\"").Append(type).Append('"');
        if (cell.TryGetProperty("execution_count", out var count) && count.ValueKind == JsonValueKind.Number)
        {
            text.Append(" execution_count=\"").Append(count.GetRawText()).Append('"');
        }

        text.Append(">\n").Append(Joined(cell, "source")).Append("\n</cell>\n");
        if (!cell.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var output in outputs.EnumerateArray())
        {
            RenderOutput(output, text, blocks);
        }
    }

    private static void RenderOutput(JsonElement output, StringBuilder text, List<ContentBlock> blocks)
    {
        var kind = Str(output, "output_type") ?? "unknown";
        switch (kind)
        {
            case "stream":
                Append(text, $"<output type=\"stream\" name=\"{Str(output, "name") ?? "stdout"}\">", Joined(output, "text"));
                break;
            case "error":
                var trace = output.TryGetProperty("traceback", out var tb) && tb.ValueKind == JsonValueKind.Array
                    ? string.Join('\n', tb.EnumerateArray().Select(static l => AnsiStripper.Strip(l.GetString() ?? string.Empty)))
                    : string.Empty;
                Append(text, "<output type=\"error\">", $"{Str(output, "ename")}: {Str(output, "evalue")}\n{trace}".TrimEnd());
                break;
            case "execute_result" or "display_data":
                if (!output.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                {
                    break;
                }

                foreach (var media in (string[])["image/png", "image/jpeg"])
                {
                    if (data.TryGetProperty(media, out _) && Joined(data, media).Replace("\n", string.Empty, StringComparison.Ordinal) is { Length: > 0 } base64)
                    {
                        // Text so far goes first so the image sits after the cell it belongs to.
                        text.Append("<output type=\"image\" media_type=\"").Append(media).Append("\"/>\n");
                        blocks.Add(new TextBlock(text.ToString()));
                        text.Clear();
                        blocks.Add(new ImageBlock(media, base64));
                    }
                }

                if (data.TryGetProperty("text/plain", out _))
                {
                    Append(text, $"<output type=\"{kind}\">", Joined(data, "text/plain"));
                }

                break;
        }
    }

    private static void Append(StringBuilder text, string open, string body)
    {
        var shown = body.Length > MaxOutputChars ? body[..MaxOutputChars] + $"\n... ({body.Length - MaxOutputChars} more characters)" : body;
        text.Append(open).Append('\n').Append(shown.TrimEnd('\n')).Append("\n</output>\n");
    }

    private static string Joined(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return string.Empty;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? string.Empty,
            JsonValueKind.Array => string.Concat(value.EnumerateArray().Select(static l => l.ValueKind == JsonValueKind.String ? l.GetString() : string.Empty)),
            _ => string.Empty,
        };
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "?";

    private static string Language(JsonElement root) =>
        root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("kernelspec", out var kernel) && kernel.ValueKind == JsonValueKind.Object
            && Str(kernel, "language") is { } language
            ? language
            : "unknown language";
}
