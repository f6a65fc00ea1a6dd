using System.Text.Json;

namespace Keel.Core.Commands;

/// <summary>Tool inputs built by hand, so command expansion can go through the same permission checks as tool calls.</summary>
internal static class JsonSerializerHelpers
{
    public static byte[] CommandInput(string command) => Object("command", command);

    private static byte[] Object(string name, string value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString(name, value);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
