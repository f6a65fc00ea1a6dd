using System.Text.Json;

namespace Keel.Terminal.Rendering.ToolCards;

/// <summary>The one argument that says what a tool call does, for card headers and dialogs.</summary>
public static class ToolArguments
{
    public static string KeyArgument(string toolName, JsonElement input, string? workingDirectory = null)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var value = toolName switch
        {
            "Bash" => String(input, "command"),
            "Read" or "Write" or "Edit" or "MultiEdit" => ShortPath(String(input, "file_path"), workingDirectory),
            "NotebookEdit" => ShortPath(String(input, "notebook_path"), workingDirectory),
            "Grep" or "Glob" => Pattern(input, workingDirectory),
            "WebFetch" => String(input, "url"),
            "WebSearch" => String(input, "query"),
            "Agent" or "Task" => String(input, "description"),
            "Skill" => String(input, "skill") ?? String(input, "command"),
            _ => FirstString(input),
        };
        return OneLine(value ?? string.Empty);
    }

    public static string? String(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A path relative to the working directory when it lies inside it.</summary>
    public static string? ShortPath(string? path, string? workingDirectory)
    {
        if (path is null || string.IsNullOrEmpty(workingDirectory))
        {
            return path;
        }

        var root = workingDirectory.TrimEnd('/') + "/";
        return path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length ? path[root.Length..] : path;
    }

    private static string? Pattern(JsonElement input, string? workingDirectory)
    {
        var pattern = String(input, "pattern");
        var path = ShortPath(String(input, "path"), workingDirectory);
        return path is { Length: > 0 } ? $"{pattern} in {path}" : pattern;
    }

    private static string? FirstString(JsonElement input)
    {
        foreach (var property in input.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static string OneLine(string text)
    {
        var newline = text.IndexOfAny(['\n', '\r']);
        return newline < 0 ? text.Trim() : text[..newline].Trim() + " …";
    }
}
