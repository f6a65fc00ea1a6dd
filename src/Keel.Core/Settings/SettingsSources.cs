namespace Keel.Core.Settings;

/// <summary>The names Claude Code uses for where a setting or rule came from; decisions cite them.</summary>
public static class SettingsSources
{
    public const string Managed = "policySettings";
    public const string Flag = "flagSettings";
    public const string CliArg = "cliArg";
    public const string Local = "localSettings";
    public const string Project = "projectSettings";
    public const string User = "userSettings";
    public const string Session = "session";
}
