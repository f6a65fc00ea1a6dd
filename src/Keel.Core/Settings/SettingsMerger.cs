using System.Text.Json;
using Keel.Core.Permissions;

namespace Keel.Core.Settings;

/// <summary>
/// Merges layers the way Claude Code does: a scalar comes from the highest layer that sets it,
/// arrays are concatenated across layers.
/// </summary>
internal static class SettingsMerger
{
    private static readonly (string Key, PermissionBehavior Behavior)[] RuleKeys =
        [("deny", PermissionBehavior.Deny), ("ask", PermissionBehavior.Ask), ("allow", PermissionBehavior.Allow)];

    public static PermissionSettings MergePermissions(List<SettingsLayer> layers, List<SettingsWarning> warnings, string home, bool managedUnreadable)
    {
        var rules = new List<PermissionRule>();
        var directories = new List<string>();
        PermissionMode? mode = null;
        string? modeSource = null;
        var bypassDisabled = managedUnreadable;
        foreach (var layer in layers)
        {
            if (!TryGetObject(layer.Root, "permissions", out var permissions))
            {
                continue;
            }

            foreach (var (key, behavior) in RuleKeys)
            {
                if (behavior == PermissionBehavior.Allow && layer.NarrowingOnly)
                {
                    continue;
                }

                foreach (var text in Strings(permissions, key))
                {
                    var (rule, error) = PermissionRuleParser.Parse(text, behavior, layer.Source, layer.BaseDirectory);
                    if (rule is null)
                    {
                        warnings.Add(Warn(layer, ["permissions", key], $"{error}; the rule is ignored"));
                    }
                    else
                    {
                        rules.Add(rule with { File = layer.Path });
                    }
                }
            }

            if (permissions.TryGetProperty("disableBypassPermissionsMode", out var disable)
                && disable.ValueKind == JsonValueKind.String && disable.GetString() == "disable")
            {
                bypassDisabled = true;
            }

            if (layer.NarrowingOnly)
            {
                continue;
            }

            if (mode is null && permissions.TryGetProperty("defaultMode", out var modeValue) && PermissionModes.Parse(modeValue.GetString()) is { } parsed)
            {
                // A committed project file must not switch checks off for whoever clones the repository.
                if (parsed == PermissionMode.BypassPermissions && layer.Source == SettingsSources.Project)
                {
                    warnings.Add(Warn(layer, ["permissions", "defaultMode"], "defaultMode bypassPermissions is ignored in shared project settings (set it in local or user settings)"));
                }
                else
                {
                    mode = parsed;
                    modeSource = layer.Source;
                }
            }

            foreach (var dir in Strings(permissions, "additionalDirectories"))
            {
                directories.Add(ResolveDirectory(dir, layer.BaseDirectory, home));
            }
        }

        return new PermissionSettings(rules, mode, modeSource, directories, bypassDisabled);
    }

    public static SandboxSettings MergeSandbox(List<SettingsLayer> layers)
    {
        bool? enabled = null;
        var domains = new List<string>();
        var excluded = new List<string>();
        var sockets = new List<string>();
        foreach (var layer in layers)
        {
            if (layer.NarrowingOnly || !TryGetObject(layer.Root, "sandbox", out var sandbox))
            {
                continue;
            }

            if (enabled is null && sandbox.TryGetProperty("enabled", out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = e.GetBoolean();
            }

            excluded.AddRange(Strings(sandbox, "excludedCommands"));
            if (TryGetObject(sandbox, "network", out var network))
            {
                domains.AddRange(Strings(network, "allowedDomains"));
                if (layer.Source != SettingsSources.Project)
                {
                    sockets.AddRange(Strings(network, "allowUnixSockets").Where(static s => s.StartsWith('/')).Select(Path.GetFullPath));
                }
            }
        }

        return new SandboxSettings(enabled, domains, excluded) { AllowUnixSockets = [.. sockets.Distinct(StringComparer.Ordinal)] };
    }

    private static string ResolveDirectory(string dir, string baseDirectory, string home)
    {
        var expanded = dir == "~" ? home : dir.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, dir[2..]) : dir;
        var full = Path.GetFullPath(expanded, baseDirectory);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private static SettingsWarning Warn(SettingsLayer layer, string[] keyPath, string message) =>
        new(layer.Path, JsonLines.LineOf(layer.Utf8.Span, keyPath), message);

    private static bool TryGetObject(JsonElement parent, string key, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(key, out value) && value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        value = default;
        return false;
    }

    private static IEnumerable<string> Strings(JsonElement parent, string key)
    {
        if (!parent.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { } text)
            {
                yield return text;
            }
        }
    }
}
