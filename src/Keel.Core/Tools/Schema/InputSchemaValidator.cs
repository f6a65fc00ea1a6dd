using System.Text.Json;

namespace Keel.Core.Tools.Schema;

/// <summary>
/// Checks a tool input against the tool's JSON Schema before any tool code runs: required fields,
/// types (including <c>["string","null"]</c>), enums and constants, nested objects and array items,
/// <c>anyOf</c>/<c>oneOf</c>. Each problem names the field, so the model can fix its call. Unknown keywords
/// are ignored; unknown properties are tolerated (the decoder skips them).
/// </summary>
public static class InputSchemaValidator
{
    /// <summary>The most problems listed in one error; the model fixes those and tries again.</summary>
    public const int MaxProblems = 5;

    /// <summary>Every problem found (at most <see cref="MaxProblems"/>); empty when the input fits.</summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement input)
    {
        var problems = new List<string>();
        Check(schema, input, string.Empty, problems);
        return problems;
    }

    /// <summary>The model-facing error for <paramref name="problems"/> of a call to <paramref name="toolName"/>.</summary>
    public static string Describe(string toolName, IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? $"<tool_use_error>InputValidationError: {toolName}: {problems[0]}.</tool_use_error>"
            : $"<tool_use_error>InputValidationError: {toolName} input has {problems.Count} problems:\n- {string.Join("\n- ", problems)}</tool_use_error>";

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> problems)
    {
        if (schema.ValueKind != JsonValueKind.Object || problems.Count >= MaxProblems)
        {
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            problems.Add($"{Name(path)} must be {TypeText(type)}, got {Kind(value)}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            problems.Add($"{Name(path)} must be one of {string.Join(", ", allowed.EnumerateArray().Select(static a => a.GetRawText()))}, got {Short(value)}");
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            problems.Add($"{Name(path)} must be {constant.GetRawText()}, got {Short(value)}");
            return;
        }

        if (AnyOf(schema, value, path, problems))
        {
            return;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, path, problems);
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{path}[{index++}]", problems);
            }
        }
    }

    private static void CheckObject(JsonElement schema, JsonElement value, string path, List<string> problems)
    {
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var field in required.EnumerateArray())
            {
                if (field.ValueKind == JsonValueKind.String && !value.TryGetProperty(field.GetString()!, out _))
                {
                    problems.Add($"the required parameter `{Join(path, field.GetString()!)}` is missing");
                }
            }
        }

        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, Join(path, property.Name), problems);
            }
        }
    }

    /// <summary>True when the schema has <c>anyOf</c>/<c>oneOf</c> (handled here, problems added on no match).</summary>
    private static bool AnyOf(JsonElement schema, JsonElement value, string path, List<string> problems)
    {
        if (!(schema.TryGetProperty("anyOf", out var options) || schema.TryGetProperty("oneOf", out options)) || options.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        List<string>? first = null;
        foreach (var option in options.EnumerateArray())
        {
            var attempt = new List<string>();
            Check(option, value, path, attempt);
            if (attempt.Count == 0)
            {
                return true;
            }

            first ??= attempt;
        }

        problems.Add(first is { Count: > 0 } ? first[0] : $"{Name(path)} matches none of the allowed forms");
        return true;
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) => type.ValueKind switch
    {
        JsonValueKind.String => IsType(type.GetString()!, value),
        JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && IsType(t.GetString()!, value)),
        _ => true,
    };

    private static bool IsType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && (value.TryGetInt64(out _) || (value.TryGetDouble(out var d) && Math.Floor(d) == d)),
        _ => true,
    };

    private static string TypeText(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(static t => Article(t.GetString() ?? "?")))
        : Article(type.GetString() ?? "?");

    private static string Article(string type) => type switch
    {
        "object" or "array" or "integer" => $"an {type}",
        "null" => "null",
        _ => $"a {type}",
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 60 ? text[..57] + "..." : text;
    }

    private static string Name(string path) => path.Length == 0 ? "the input" : $"`{path}`";

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";
}
