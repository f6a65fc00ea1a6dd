using System.Text;
using Keel.Core.Commands;
using Keel.Core.Permissions;

namespace Keel.Terminal.Commands;

/// <summary>
/// /permissions: lists every rule with where it came from; <c>allow|deny|ask &lt;rule&gt;</c> adds one to
/// .keel/settings.local.json and <c>remove &lt;rule&gt;</c> deletes it there; both apply to this session at once.
/// </summary>
public static class PermissionsCommand
{
    public static SlashCommandResult Run(string arguments, SlashCommandContext context)
    {
        var args = arguments.Trim();
        var space = args.IndexOf(' ');
        var verb = space < 0 ? args : args[..space];
        var rule = space < 0 ? string.Empty : args[(space + 1)..].Trim();
        var updater = new PermissionUpdater(context.Policy.Context);
        PermissionBehavior? behavior = verb switch
        {
            "allow" => PermissionBehavior.Allow,
            "deny" => PermissionBehavior.Deny,
            "ask" => PermissionBehavior.Ask,
            _ => null,
        };
        if (behavior is { } b && rule.Length > 0)
        {
            return updater.Add(rule, b) is { } error
                ? new TextCommandResult($"Not added: {error}", IsError: true)
                : new TextCommandResult($"Added {verb} rule {rule} to {updater.SettingsPath}.");
        }

        if (verb == "remove" && rule.Length > 0)
        {
            var (removed, error) = LocalRuleFile.Remove(updater.SettingsPath, rule);
            if (error is not null)
            {
                return new TextCommandResult(error, IsError: true);
            }

            context.Policy.Context.RemoveRules(r => r.Source == Keel.Core.Settings.SettingsSources.Local && r.Text == rule);
            return new TextCommandResult(removed ? $"Removed {rule} from {updater.SettingsPath}." : $"{rule} is not in {updater.SettingsPath}; rules from other files are edited there.");
        }

        if (args.Length > 0)
        {
            return new TextCommandResult("Usage: /permissions [allow|deny|ask <rule> | remove <rule>]", IsError: true);
        }

        var text = new StringBuilder();
        text.Append("Mode: ").Append(PermissionModes.Name(context.Policy.Context.Mode)).Append('\n');
        foreach (var group in context.Policy.Context.Rules.GroupBy(static r => r.Behavior).OrderBy(static g => g.Key))
        {
            text.Append(group.Key.ToString().ToLowerInvariant()).Append(":\n");
            foreach (var r in group)
            {
                text.Append("  ").Append(r.Text).Append("  (").Append(r.Source).Append(")\n");
            }
        }

        if (context.Policy.Context.Rules.Count == 0)
        {
            text.Append("No rules. Add one with /permissions allow Bash(npm test:*)\n");
        }

        return new TextCommandResult(text.ToString().TrimEnd());
    }
}
