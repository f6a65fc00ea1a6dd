using System.Text.Json.Nodes;

namespace Keel.Tests.Testing;

/// <summary>A minimal SSE reader for checking what the fake server sends.</summary>
internal static class Sse
{
    public static List<(string Event, JsonNode Data)> Parse(string body)
    {
        var events = new List<(string, JsonNode)>();
        foreach (var frame in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            string? data = null;
            foreach (var line in frame.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }

            events.Add((name ?? throw new FormatException("frame without event: " + frame), JsonNode.Parse(data!)!));
        }

        return events;
    }

    /// <summary>Concatenates the deltas of one block index and one delta field.</summary>
    public static string Deltas(IEnumerable<(string Event, JsonNode Data)> events, int index, string field)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (name, data) in events)
        {
            if (name == "content_block_delta" && (int)data["index"]! == index && data["delta"]![field] is { } value)
            {
                text.Append((string)value!);
            }
        }

        return text.ToString();
    }

    public static int CountDeltas(IEnumerable<(string Event, JsonNode Data)> events, int index)
    {
        var count = 0;
        foreach (var (name, data) in events)
        {
            if (name == "content_block_delta" && (int)data["index"]! == index)
            {
                count++;
            }
        }

        return count;
    }
}
