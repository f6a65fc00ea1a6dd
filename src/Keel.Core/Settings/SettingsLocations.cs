using Keel.Core.Sessions;

namespace Keel.Core.Settings;

/// <summary>
/// Where the settings layers live. Built from the environment for a run; tests build it by hand
/// with temp directories so nothing touches the real home or <c>/etc</c>.
/// </summary>
/// <param name="ManagedFiles">Managed files, Keel's first.</param>
/// <param name="FlagSettings">The <c>--settings</c> value: a file path or inline JSON, or null.</param>
/// <param name="ProjectDirectory">The project root (git repository root containing the cwd, else the cwd).</param>
/// <param name="KeelConfigDirectory">Keel's user directory (<c>~/.keel</c>, moved by KEEL_CONFIG_DIR).</param>
/// <param name="Home">The user's home (for <c>~/.claude</c>).</param>
/// <param name="WorkingDirectory">Where relative <c>--settings</c> paths are resolved.</param>
public sealed record SettingsLocations(
    IReadOnlyList<string> ManagedFiles,
    string? FlagSettings,
    string ProjectDirectory,
    string KeelConfigDirectory,
    string Home,
    string WorkingDirectory)
{
    /// <summary>Which of the user, project and local files load (<c>--setting-sources</c>); null loads all. Managed settings and <c>--settings</c> always load.</summary>
    public IReadOnlySet<string>? Sources { get; init; }

    /// <summary>Managed (policy) settings given inline by a host (<c>--managed-settings</c>), read after the managed files.</summary>
    public string? ManagedJson { get; init; }

    /// <summary>Whether the user, project or local files are read.</summary>
    public bool Reads(string source) => Sources is null || Sources.Contains(source);

    public static IReadOnlyList<string> DefaultManagedFiles { get; } = ["/etc/keel/managed-settings.json", "/etc/claude-code/managed-settings.json"];

    public static SettingsLocations ForProcess(Func<string, string?> getEnv, string cwd, string? flagSettings)
    {
        var home = getEnv("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new SettingsLocations(DefaultManagedFiles, flagSettings, ProjectRoot.Find(cwd), KeelPaths.ConfigDirectory(getEnv), home, cwd);
    }
}
