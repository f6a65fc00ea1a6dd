using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Settings;
using Keel.Core.Settings.Writing;
using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>
/// Applies an <c>updatedPermissions</c> array (a PermissionRequest hook's, or an SDK host's answer) the way the reference
/// client does. Entries: <c>addRules</c>, <c>replaceRules</c> (every rule of that behavior at the destination becomes
/// the given list), <c>removeRules</c> (each <c>{toolName, ruleContent}</c> with a behavior), <c>addDirectories</c> and
/// <c>removeDirectories</c> (<c>directories</c>), <c>setMode</c>. Destinations: <c>session</c> (this session only; also
/// <c>cliArg</c>), <c>localSettings</c> (the default: <c>.keel/settings.local.json</c>), <c>projectSettings</c>
/// (<c>.keel/settings.json</c>) and <c>userSettings</c> (<c>~/.keel/settings.json</c>); a saved change applies at once too.
/// Returns what could not be applied, for the user; an empty list when all went in.
/// </summary>
public static class PermissionUpdates
{
    public static IReadOnlyList<string> Apply(JsonElement updates, PermissionContext context, Action<PermissionMode>? setMode, ToolSession? session = null)
    {
        var problems = new List<string>();
        if (updates.ValueKind != JsonValueKind.Array)
        {
            return problems;
        }

        foreach (var update in updates.EnumerateArray())
        {
            var type = Text(update, "type");
            var destination = Text(update, "destination") ?? SettingsSources.Local;
            var file = FileFor(destination, context);
            if (file is null && destination is not (SettingsSources.Session or SettingsSources.CliArg))
            {
                problems.Add($"the permission update \"{type}\" names an unknown destination \"{destination}\"; ignored");
                continue;
            }

            switch (type)
            {
                case "setMode":
                    SetMode(update, file, setMode, problems);
                    break;
                case "addRules" or "replaceRules" or "removeRules":
                    Rules(type, update, context, destination, file, problems);
                    break;
                case "addDirectories" or "removeDirectories":
                    Directories(type == "addDirectories", update, context, session, file, problems);
                    break;
                default:
                    problems.Add($"the permission update \"{type}\" is not supported; ignored");
                    break;
            }
        }

        return problems;
    }

    /// <summary>The settings file a destination writes to, or null for the session (and unknown names).</summary>
    public static string? FileFor(string destination, PermissionContext context) => destination switch
    {
        SettingsSources.Local => Path.Combine(context.ProjectDirectory, ".keel", "settings.local.json"),
        SettingsSources.Project => Path.Combine(context.ProjectDirectory, ".keel", "settings.json"),
        SettingsSources.User => Path.Combine(context.KeelConfigDirectory, "settings.json"),
        _ => null,
    };

    private static void SetMode(JsonElement update, string? file, Action<PermissionMode>? setMode, List<string> problems)
    {
        if (PermissionModes.Parse(Text(update, "mode")) is not { } mode || setMode is null)
        {
            problems.Add($"setMode \"{Text(update, "mode")}\" was not applied");
            return;
        }

        setMode(mode);
        if (file is not null && SettingsWriter.Edit(file, edit =>
            {
                edit.Set(["permissions", "defaultMode"], JsonValue.Create(PermissionModes.Name(mode)));
                return null;
            }) is { } error)
        {
            problems.Add($"the mode {PermissionModes.Name(mode)} applies to this session only ({file}: {error})");
        }
    }

    private static void Rules(string type, JsonElement update, PermissionContext context, string destination, string? file, List<string> problems)
    {
        var behavior = Text(update, "behavior") switch
        {
            "deny" => PermissionBehavior.Deny,
            "ask" => PermissionBehavior.Ask,
            _ => PermissionBehavior.Allow,
        };
        var source = file is null ? SettingsSources.Session : destination;
        var rules = new List<PermissionRule>();
        foreach (var rule in Items(update, "rules"))
        {
            if (Text(rule, "toolName") is not { Length: > 0 } tool)
            {
                problems.Add("a rule without toolName was ignored");
                continue;
            }

            var text = Text(rule, "ruleContent") is { Length: > 0 } content ? $"{tool}({content})" : tool;
            var (parsed, error) = PermissionRuleParser.Parse(text, behavior, source, context.ProjectDirectory);
            if (parsed is null)
            {
                problems.Add($"the rule {text} was not {(type == "removeRules" ? "removed" : "added")}: {error}");
                continue;
            }

            var normalized = parsed.Specifier is null ? parsed.ToolName : $"{parsed.ToolName}({parsed.Specifier})";
            rules.Add(parsed with { Text = normalized, File = file });
        }

        var key = BehaviorKey(behavior);
        if (file is not null && SettingsWriter.Edit(file, edit => Write(edit, type, key, rules)) is { } writeError)
        {
            problems.Add($"the {type} update was not saved to {file}: {writeError}; nothing changed");
            return;
        }

        // The same change in the running session: the rules of that behavior from that place.
        bool FromHere(PermissionRule r) => r.Behavior == behavior && (file is null ? r.Source == SettingsSources.Session : string.Equals(r.File, file, StringComparison.Ordinal));
        switch (type)
        {
            case "replaceRules":
                context.RemoveRules(FromHere);
                context.AddRules(rules);
                break;
            case "removeRules":
                var texts = rules.Select(static r => r.Text).ToHashSet(StringComparer.Ordinal);
                if (context.RemoveRules(r => FromHere(r) && texts.Contains(NormalizedText(r))) < rules.Count && file is null)
                {
                    problems.Add($"some of the rules to remove were not among this session's {key} rules");
                }

                break;
            default:
                context.AddRules(rules.Where(r => !context.Rules.Any(existing => FromHere(existing) && NormalizedText(existing) == r.Text)));
                break;
        }
    }

    private static string? Write(JsonFileEdit edit, string type, string key, List<PermissionRule> rules)
    {
        string[] path = ["permissions", key];
        switch (type)
        {
            case "replaceRules":
                edit.Set(path, new JsonArray([.. rules.Select(static r => (JsonNode?)JsonValue.Create(r.Text))]));
                break;
            case "removeRules":
                var texts = rules.Select(static r => r.Text).ToHashSet(StringComparer.Ordinal);
                edit.RemoveFromArray(path, item => item.ValueKind == JsonValueKind.String && texts.Contains(item.GetString()!));
                break;
            default:
                foreach (var rule in rules)
                {
                    edit.AppendUnique(path, JsonValue.Create(rule.Text));
                }

                break;
        }

        return null;
    }

    private static void Directories(bool add, JsonElement update, PermissionContext context, ToolSession? session, string? file, List<string> problems)
    {
        var directories = new List<string>();
        foreach (var item in Items(update, "directories"))
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } directory)
            {
                continue;
            }

            var full = Path.GetFullPath(directory.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(context.Home, directory[2..]) : directory, context.ProjectDirectory);
            if (add && !Directory.Exists(full))
            {
                problems.Add($"the directory {full} does not exist; not added");
                continue;
            }

            directories.Add(full);
        }

        if (directories.Count == 0)
        {
            return;
        }

        if (file is not null && SettingsWriter.Edit(file, edit =>
            {
                foreach (var directory in directories)
                {
                    if (add)
                    {
                        edit.AppendUnique(["permissions", "additionalDirectories"], JsonValue.Create(directory));
                    }
                    else
                    {
                        edit.RemoveFromArray(["permissions", "additionalDirectories"], item => item.ValueKind == JsonValueKind.String && SameDirectory(item.GetString()!, directory, context));
                    }
                }

                return null;
            }) is { } error)
        {
            problems.Add($"the directories were not saved to {file}: {error}; nothing changed");
            return;
        }

        foreach (var directory in directories)
        {
            if (add)
            {
                context.AddWorkingDirectory(directory);
                session?.AddAllowedDirectory(directory);
            }
            else
            {
                context.RemoveWorkingDirectory(directory);
                session?.RemoveAllowedDirectory(directory);
            }
        }
    }

    private static bool SameDirectory(string written, string full, PermissionContext context) =>
        string.Equals(Path.GetFullPath(written.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(context.Home, written[2..]) : written, context.ProjectDirectory).TrimEnd('/'), full.TrimEnd('/'), StringComparison.Ordinal);

    private static string NormalizedText(PermissionRule rule) => rule.Specifier is null ? rule.ToolName : $"{rule.ToolName}({rule.Specifier})";

    private static string BehaviorKey(PermissionBehavior behavior) => behavior switch
    {
        PermissionBehavior.Allow => "allow",
        PermissionBehavior.Ask => "ask",
        _ => "deny",
    };

    private static JsonElement[] Items(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
