using System.Text.Json;
using Keel.Core.Permissions;

namespace Keel.Core.Settings;

/// <summary>Type checks for the keys Keel understands; anything else is left for later features.</summary>
internal static class SettingsValidator
{
    public static List<(string[] Path, string Message)> Validate(JsonElement root)
    {
        var errors = new List<(string[] Path, string Message)>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(([], $"settings must be a JSON object, not {Kind(root)}"));
            return errors;
        }

        if (root.TryGetProperty("permissions", out var permissions))
        {
            if (permissions.ValueKind != JsonValueKind.Object)
            {
                errors.Add((["permissions"], $"\"permissions\" must be an object, not {Kind(permissions)}"));
            }
            else
            {
                foreach (var key in (string[])["allow", "ask", "deny", "additionalDirectories"])
                {
                    StringArray(permissions, ["permissions", key], errors);
                }

                if (permissions.TryGetProperty("defaultMode", out var mode)
                    && (mode.ValueKind != JsonValueKind.String || PermissionModes.Parse(mode.GetString()) is null))
                {
                    errors.Add((["permissions", "defaultMode"], $"\"defaultMode\" must be one of {PermissionModes.AllNames} (got {mode.GetRawText()})"));
                }

                if (permissions.TryGetProperty("disableBypassPermissionsMode", out var disable) && disable.ValueKind != JsonValueKind.String)
                {
                    errors.Add((["permissions", "disableBypassPermissionsMode"], "\"disableBypassPermissionsMode\" must be the string \"disable\""));
                }
            }
        }

        if (root.TryGetProperty("sandbox", out var sandbox))
        {
            if (sandbox.ValueKind != JsonValueKind.Object)
            {
                errors.Add((["sandbox"], $"\"sandbox\" must be an object, not {Kind(sandbox)}"));
                return errors;
            }

            if (sandbox.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add((["sandbox", "enabled"], "\"sandbox.enabled\" must be true or false"));
            }

            StringArray(sandbox, ["sandbox", "excludedCommands"], errors);
            if (sandbox.TryGetProperty("network", out var network))
            {
                if (network.ValueKind != JsonValueKind.Object)
                {
                    errors.Add((["sandbox", "network"], "\"sandbox.network\" must be an object"));
                }
                else
                {
                    StringArray(network, ["sandbox", "network", "allowedDomains"], errors);
                    StringArray(network, ["sandbox", "network", "allowUnixSockets"], errors);
                }
            }
        }

        return errors;
    }

    private static void StringArray(JsonElement parent, string[] path, List<(string[] Path, string Message)> errors)
    {
        if (!parent.TryGetProperty(path[^1], out var value))
        {
            return;
        }

        var name = string.Join('.', path);
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add((path, $"\"{name}\" must be an array of strings, not {Kind(value)}"));
            return;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add((path, $"\"{name}\" must contain only strings (found {Kind(item)})"));
                return;
            }
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
