using System.Text.Json;
using System.Text.RegularExpressions;

namespace Keel.Mcp.Hooks;

/// <summary>
/// An <c>mcp_tool</c> hook's <c>input</c> with its <c>${path}</c> references filled from the event's input JSON
/// (<c>${tool_input.file_path}</c>, <c>${session_id}</c>, <c>${tool_input.edits.0.old_string}</c>). A string that is one
/// whole reference takes the referenced value as it is (an object stays an object); inside longer text a value is
/// written as text; a reference to nothing becomes empty text.
/// </summary>
public static partial class HookToolArguments
{
    public static JsonDocument Fill(JsonElement? template, string eventInput)
    {
        using var input = Parse(eventInput);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (template is { ValueKind: JsonValueKind.Object } arguments)
            {
                Write(writer, arguments, input.RootElement);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }

        return JsonDocument.Parse(buffer.ToArray());
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("{}");
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement template, JsonElement input)
    {
        switch (template.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in template.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, input);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in template.EnumerateArray())
                {
                    Write(writer, item, input);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var text = template.GetString()!;
                if (WholeReference().Match(text) is { Success: true } whole)
                {
                    if (Find(input, whole.Groups[1].Value) is { } value)
                    {
                        value.WriteTo(writer);
                    }
                    else
                    {
                        writer.WriteStringValue(string.Empty);
                    }

                    break;
                }

                writer.WriteStringValue(Reference().Replace(text, m => Find(input, m.Groups[1].Value) is { } found ? AsText(found) : string.Empty));
                break;
            default:
                template.WriteTo(writer);
                break;
        }
    }

    /// <summary>The value at a dotted path (object members, array indexes), or null.</summary>
    private static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(part, out var member))
            {
                current = member;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static string AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => string.Empty,
        _ => value.GetRawText(),
    };

    [GeneratedRegex(@"^\$\{([A-Za-z0-9_\-.]+)\}$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeReference();

    [GeneratedRegex(@"\$\{([A-Za-z0-9_\-.]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
