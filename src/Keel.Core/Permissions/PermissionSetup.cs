using Keel.Core.Settings;

namespace Keel.Core.Permissions;

/// <summary>
/// Builds the session's <see cref="PermissionEngine"/> from the settings layers and the command
/// line: CLI rules (source <c>cliArg</c>) on top of the settings rules, the mode from the flag or
/// else <c>defaultMode</c>, working directories from the project, settings and <c>--add-dir</c>.
/// </summary>
public static class PermissionSetup
{
    public const string BypassDisabledMessage =
        "bypassPermissions mode is disabled by managed settings (permissions.disableBypassPermissionsMode)";

    /// <summary>The engine, or an error (the run must not start); warnings go to the user either way.</summary>
    public static (PermissionEngine? Engine, string? Error) Build(
        LoadedSettings settings,
        SettingsLocations at,
        PermissionMode? cliMode,
        IEnumerable<PermissionRule> cliRules,
        IEnumerable<string> addDirs,
        ICollection<string> warnings)
    {
        var permissions = settings.Permissions;
        var mode = cliMode ?? permissions.DefaultMode ?? PermissionMode.Default;
        if (mode == PermissionMode.BypassPermissions && permissions.BypassDisabled)
        {
            // An explicit request is refused; a settings default falls back to the safest mode.
            if (cliMode is not null)
            {
                return (null, BypassDisabledMessage + "; run without --dangerously-skip-permissions / --permission-mode bypassPermissions");
            }

            warnings.Add($"{BypassDisabledMessage}; defaultMode bypassPermissions from {permissions.DefaultModeSource} is ignored and default mode is used");
            mode = PermissionMode.Default;
        }

        var context = new PermissionContext(
            at.ProjectDirectory,
            [.. permissions.AdditionalDirectories, .. addDirs],
            at.Home,
            mode,
            [.. cliRules, .. permissions.Rules],
            at.KeelConfigDirectory);
        return (new PermissionEngine(context), null);
    }

    /// <summary>Parses <c>--allowedTools</c>-style rule texts as <c>cliArg</c> rules anchored at the project.</summary>
    public static IReadOnlyList<PermissionRule> CliRules(IEnumerable<(string Text, PermissionBehavior Behavior)> rules, string projectDirectory, ICollection<string> warnings)
    {
        var result = new List<PermissionRule>();
        foreach (var (text, behavior) in rules)
        {
            var (rule, error) = PermissionRuleParser.Parse(text, behavior, SettingsSources.CliArg, projectDirectory);
            if (rule is null)
            {
                warnings.Add($"{error}; the rule is ignored");
            }
            else
            {
                result.Add(rule);
            }
        }

        return result;
    }
}
