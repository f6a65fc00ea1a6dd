namespace Keel.Tests.Core.Settings;

/// <summary>A temp project, home and managed directory, so loader tests never touch real settings.</summary>
internal sealed class SettingsSandbox : IDisposable
{
    public SettingsSandbox()
    {
        Root = Directory.CreateTempSubdirectory("keel-settings-").FullName;
        Project = Directory.CreateDirectory(Path.Combine(Root, "project")).FullName;
        Home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        Managed = Path.Combine(Root, "etc", "managed-settings.json");
        ClaudeManaged = Path.Combine(Root, "etc", "claude-managed-settings.json");
    }

    public string Root { get; }

    public string Project { get; }

    public string Home { get; }

    public string KeelConfig => Path.Combine(Home, ".keel");

    public string Managed { get; }

    public string ClaudeManaged { get; }

    public string Write(string path, string content)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(Project, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public Keel.Core.Settings.SettingsLocations Locations(string? flag = null) =>
        new([Managed, ClaudeManaged], flag, Project, KeelConfig, Home, Project);

    public Keel.Core.Settings.LoadedSettings Load(string? flag = null) => Keel.Core.Settings.SettingsLoader.Load(Locations(flag));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
