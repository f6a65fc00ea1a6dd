using Keel.Core.Sessions;
using Keel.Core.Settings;

namespace Keel.Core.Memory;

/// <summary>
/// Where a session's memory lives: the project folder (<c>~/.keel/projects/&lt;project&gt;/memory</c>, or
/// <c>autoMemoryDirectory</c>), the user folder that follows the developer everywhere (<c>~/.keel/memory</c>),
/// and whether auto memory is on (<c>autoMemoryEnabled</c>, <c>KEEL_DISABLE_AUTO_MEMORY</c>).
/// </summary>
/// <param name="ProjectDirectory">The project's memory folder (it may not exist yet).</param>
/// <param name="UserDirectory">The user-level memory folder (it may not exist yet).</param>
/// <param name="Enabled">False: no memory in the prompt, no recall, no background work.</param>
public sealed record MemoryLocation(string ProjectDirectory, string UserDirectory, bool Enabled)
{
    public const string EnabledKey = "autoMemoryEnabled";
    public const string DirectoryKey = "autoMemoryDirectory";
    public const string DisableVariable = "KEEL_DISABLE_AUTO_MEMORY";
    public const string IndexFileName = "MEMORY.md";

    public string ProjectIndex => Path.Combine(ProjectDirectory, IndexFileName);

    public string UserIndex => Path.Combine(UserDirectory, IndexFileName);

    /// <summary>Both folders, project first.</summary>
    public IReadOnlyList<string> Directories => [ProjectDirectory, UserDirectory];

    /// <summary>The default project folder for <paramref name="workingDirectory"/>: named after the canonical git root.</summary>
    public static string DefaultProjectDirectory(string configDirectory, string workingDirectory) =>
        Path.Combine(KeelPaths.ProjectSessionsDirectory(configDirectory, ProjectIdentity.CanonicalRoot(workingDirectory)), "memory");

    public static MemoryLocation Resolve(string configDirectory, string workingDirectory, LoadedSettings settings, Func<string, string?> getEnv, ICollection<string> warnings)
    {
        var home = getEnv("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var project = ConfiguredDirectory(settings, home, warnings) ?? DefaultProjectDirectory(configDirectory, workingDirectory);
        var enabled = !IsTruthy(getEnv(DisableVariable)) && settings.Effective.AutoMemoryEnabled;
        return new MemoryLocation(project, Path.Combine(configDirectory, "memory"), enabled);
    }

    /// <summary>
    /// <c>autoMemoryDirectory</c> from the highest layer that may set it. A project's committed settings
    /// may not: a repository could otherwise aim the writes Keel allows without asking at <c>~/.ssh</c>.
    /// </summary>
    private static string? ConfiguredDirectory(LoadedSettings settings, string home, ICollection<string> warnings)
    {
        foreach (var layer in settings.Layers)
        {
            if (layer.NarrowingOnly || layer.File.AutoMemoryDirectory is not { } text)
            {
                continue;
            }

            if (layer.Source == SettingsSources.Project)
            {
                warnings.Add($"{layer.Locate(DirectoryKey)}: {DirectoryKey} is ignored in a project's shared settings (a repository must not choose where Keel writes without asking); set it in ~/.keel/settings.json or .keel/settings.local.json.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                warnings.Add($"{layer.Locate(DirectoryKey)}: {DirectoryKey} must be a non-empty path; the default memory folder is used.");
                continue;
            }

            var expanded = text == "~" ? home : text.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, text[2..]) : text;
            if (!Path.IsPathFullyQualified(expanded))
            {
                warnings.Add($"{layer.Locate(DirectoryKey)}: {DirectoryKey} must be an absolute path (or start with ~/); the default memory folder is used.");
                continue;
            }

            var full = Path.GetFullPath(expanded);
            return full.Length > 1 ? full.TrimEnd('/') : full;
        }

        return null;
    }

    private static bool IsTruthy(string? value) => value?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";
}
