using System.Text.Json;

namespace Keel.Cli.Permissions;

/// <summary>One question for <c>keel permissions check</c>: may this tool run with this input here?</summary>
public sealed record CheckRequest(
    string Tool,
    JsonElement Input,
    string Cwd,
    string? Project,
    string? Mode,
    IReadOnlyList<string> Allow,
    IReadOnlyList<string> Ask,
    IReadOnlyList<string> Deny,
    IReadOnlyList<string> AddDirs)
{
    /// <summary>Reads a <c>--batch</c> line; null with a message when it is not a request.</summary>
    public static (CheckRequest? Request, string? Error) FromJson(string line, string defaultCwd)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (null, $"not valid JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("tool", out var tool) || tool.ValueKind != JsonValueKind.String)
        {
            return (null, "each line must be a JSON object with a \"tool\" string");
        }

        var input = root.TryGetProperty("input", out var i) ? i : default;
        if (input.ValueKind == JsonValueKind.String)
        {
            var parsed = ParseInput(input.GetString()!);
            if (parsed.Error is not null)
            {
                return (null, parsed.Error);
            }

            input = parsed.Input;
        }
        else if (input.ValueKind == JsonValueKind.Undefined)
        {
            input = EmptyObject;
        }

        return (new CheckRequest(
            tool.GetString()!,
            input,
            String(root, "cwd") ?? defaultCwd,
            String(root, "project"),
            String(root, "mode"),
            Strings(root, "allow"),
            Strings(root, "ask"),
            Strings(root, "deny"),
            Strings(root, "add_dirs")), null);
    }

    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    public static (JsonElement Input, string? Error) ParseInput(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, $"--input is not valid JSON: {ex.Message}");
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] Strings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        return value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(static e => e.ValueKind == JsonValueKind.String).Select(static e => e.GetString()!)]
            : [];
    }
}
