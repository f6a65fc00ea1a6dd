using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Testing.Process;

/// <summary>Parses NDJSON output (<c>--output-format stream-json</c>) into one JSON object per line.</summary>
public static class StreamJsonLines
{
    /// <summary>Every non-blank line must be JSON; otherwise throws naming the line.</summary>
    public static IReadOnlyList<JsonNode> Parse(string output)
    {
        var lines = new List<JsonNode>();
        var number = 0;
        foreach (var line in output.Split('\n'))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                lines.Add(JsonNode.Parse(line) ?? throw new FormatException($"line {number} is JSON null"));
            }
            catch (JsonException e)
            {
                throw new FormatException($"line {number} is not JSON: {line}", e);
            }
        }

        return lines;
    }

    /// <summary>The lines whose <c>type</c> equals <paramref name="type"/> (and <c>subtype</c>, when given).</summary>
    public static IReadOnlyList<JsonNode> OfType(IReadOnlyList<JsonNode> lines, string type, string? subtype = null)
    {
        var matches = new List<JsonNode>();
        foreach (var line in lines)
        {
            if (Str(line["type"]) == type && (subtype is null || Str(line["subtype"]) == subtype))
            {
                matches.Add(line);
            }
        }

        return matches;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
