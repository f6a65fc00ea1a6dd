using System.Globalization;
using System.Text.Json;

namespace Keel.Core.Settings;

/// <summary>
/// Reads the typed keys of one settings document. A key with the wrong type is left out and
/// reported (key path and message; the loader adds the file and line); it never throws.
/// Unknown keys are ignored: Claude Code has many Keel does not use.
/// </summary>
internal static class SettingsFileReader
{
    public static SettingsFile Read(JsonElement root, List<(string[] Path, string Message)> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return SettingsFile.Empty;
        }

        return new SettingsFile
        {
            Model = Text(root, "model", errors),
            Env = Env(root, errors),
            FallbackModel = Text(root, "fallbackModel", errors),
            EffortLevel = Text(root, "effortLevel", errors),
            OutputStyle = Text(root, "outputStyle", errors),
            SmallFastModel = Text(root, "smallFastModel", errors),
            WebSearchMaxPerSession = Number(root, "webSearchMaxPerSession", errors),
            ToolSearch = Text(root, "toolSearch", errors),
            PromptCacheTtl = Text(root, "promptCacheTtl", errors),
            CleanupPeriodDays = Number(root, "cleanupPeriodDays", errors),
            PlanModeApproval = Text(root, "planModeApproval", errors),
            ApiKeyHelper = Text(root, "apiKeyHelper", errors),
            StatusLine = StatusLine(root, errors),
            DisableAllHooks = Flag(root, "disableAllHooks", errors),
            EnableAllProjectMcpServers = Flag(root, "enableAllProjectMcpServers", errors),
            EnabledMcpjsonServers = Texts(root, "enabledMcpjsonServers", errors),
            DisabledMcpjsonServers = Texts(root, "disabledMcpjsonServers", errors),
            McpServers = Object(root, "mcpServers", errors),
            Hooks = Object(root, "hooks", errors),
            AutoMemoryEnabled = Flag(root, "autoMemoryEnabled", errors),
            AutoMemoryDirectory = Text(root, "autoMemoryDirectory", errors),
            Providers = Object(root, "providers", errors),
            Provider = Text(root, "provider", errors),
            FallbackModels = Texts(root, "fallbackModels", errors),
            ModelCapabilities = Object(root, "modelCapabilities", errors),
            AwsAuthRefresh = Text(root, "awsAuthRefresh", errors),
            AwsCredentialExport = Text(root, "awsCredentialExport", errors),
            WorktreeDirectory = Object(root, "worktree", errors) is { } worktree ? Text(worktree, "directory", errors) : null,
        };
    }

    private static string? Text(JsonElement root, string key, List<(string[] Path, string Message)> errors)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(([key], $"\"{key}\" must be a string, not {Kind(value)}; it is ignored"));
            return null;
        }

        return value.GetString();
    }

    private static bool? Flag(JsonElement root, string key, List<(string[] Path, string Message)> errors)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(([key], $"\"{key}\" must be true or false, not {Kind(value)}; it is ignored"));
            return null;
        }

        return value.GetBoolean();
    }

    private static long? Number(JsonElement root, string key, List<(string[] Path, string Message)> errors)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0)
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        errors.Add(([key], $"\"{key}\" must be a whole number, not {value.GetRawText()}; it is ignored"));
        return null;
    }

    private static IReadOnlyList<string>? Texts(JsonElement root, string key, List<(string[] Path, string Message)> errors)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(static item => item.ValueKind != JsonValueKind.String))
        {
            errors.Add(([key], $"\"{key}\" must be an array of strings; it is ignored"));
            return null;
        }

        return [.. value.EnumerateArray().Select(static item => item.GetString()!)];
    }

    private static JsonElement? Object(JsonElement root, string key, List<(string[] Path, string Message)> errors)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(([key], $"\"{key}\" must be an object, not {Kind(value)}; it is ignored"));
            return null;
        }

        return value;
    }

    private static Dictionary<string, string>? Env(JsonElement root, List<(string[] Path, string Message)> errors)
    {
        if (Object(root, "env", errors) is not { } env)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in env.EnumerateObject())
        {
            if (property.Name.Length == 0 || property.Name.Contains('='))
            {
                errors.Add((["env", property.Name], $"\"env\" has an invalid variable name \"{property.Name}\"; it is ignored"));
                continue;
            }

            // Claude Code's files often write numbers and booleans unquoted ("MAX_THINKING_TOKENS": 1024).
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null,
            };
            if (text is null)
            {
                errors.Add((["env", property.Name], $"\"env.{property.Name}\" must be a string, not {Kind(property.Value)}; it is ignored"));
                continue;
            }

            result[property.Name] = text;
        }

        return result;
    }

    private static StatusLineSetting? StatusLine(JsonElement root, List<(string[] Path, string Message)> errors)
    {
        if (Object(root, "statusLine", errors) is not { } status)
        {
            return null;
        }

        if (!status.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(command.GetString()))
        {
            errors.Add((["statusLine"], "\"statusLine\" needs a \"command\" string; it is ignored"));
            return null;
        }

        if (status.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.ValueEquals("command")))
        {
            errors.Add((["statusLine", "type"], $"\"statusLine.type\" must be \"command\" (got {type.GetRawText()}); the status line is ignored"));
            return null;
        }

        var padding = status.TryGetProperty("padding", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n) && n >= 0 ? n : 0;
        return new StatusLineSetting(command.GetString()!, padding);
    }

    internal static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
