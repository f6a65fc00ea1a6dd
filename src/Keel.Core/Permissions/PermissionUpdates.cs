using System.Text.Json;
using Keel.Core.Settings;

namespace Keel.Core.Permissions;

/// <summary>
/// Applies an <c>updatedPermissions</c> array (from a PermissionRequest hook) the way the reference client does:
/// <c>addRules</c> entries (<c>{toolName, ruleContent}</c> rules with a behavior) go to the session, or are saved to the
/// project's local settings (<c>localSettings</c>, the default) and apply at once; <c>setMode</c> switches the mode.
/// Returns what could not be applied, for the user; an empty list when all went in.
/// </summary>
public static class PermissionUpdates
{
    public static IReadOnlyList<string> Apply(JsonElement updates, PermissionContext context, PermissionUpdater? saver, Action<PermissionMode>? setMode)
    {
        var problems = new List<string>();
        if (updates.ValueKind != JsonValueKind.Array)
        {
            return problems;
        }

        foreach (var update in updates.EnumerateArray())
        {
            var type = Text(update, "type");
            if (type == "setMode")
            {
                if (PermissionModes.Parse(Text(update, "mode")) is { } mode && setMode is not null)
                {
                    setMode(mode);
                }
                else
                {
                    problems.Add($"setMode \"{Text(update, "mode")}\" was not applied");
                }

                continue;
            }

            if (type != "addRules")
            {
                problems.Add($"the permission update \"{type}\" is not supported; ignored");
                continue;
            }

            var behavior = Text(update, "behavior") switch
            {
                "deny" => PermissionBehavior.Deny,
                "ask" => PermissionBehavior.Ask,
                _ => PermissionBehavior.Allow,
            };
            var destination = Text(update, "destination") ?? SettingsSources.Local;
            if (!update.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var rule in rules.EnumerateArray())
            {
                if (Text(rule, "toolName") is not { Length: > 0 } tool)
                {
                    problems.Add("a rule without toolName was ignored");
                    continue;
                }

                var text = Text(rule, "ruleContent") is { Length: > 0 } content ? $"{tool}({content})" : tool;
                var error = destination == SettingsSources.Local && saver is not null
                    ? saver.Add(text, behavior)
                    : AddForSession(text, behavior, context);
                if (error is not null)
                {
                    problems.Add($"the rule {text} was not added: {error}");
                }
                else if (destination is not (SettingsSources.Local or SettingsSources.Session))
                {
                    problems.Add($"the rule {text} applies to this session only (saving to {destination} is not supported)");
                }
            }
        }

        return problems;
    }

    private static string? AddForSession(string text, PermissionBehavior behavior, PermissionContext context)
    {
        var (rule, error) = PermissionRuleParser.Parse(text, behavior, SettingsSources.Session, context.ProjectDirectory);
        if (rule is null)
        {
            return error;
        }

        context.AddRules([rule]);
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
