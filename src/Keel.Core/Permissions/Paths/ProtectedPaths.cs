namespace Keel.Core.Permissions.Paths;

/// <summary>
/// Paths whose modification changes what runs or what is allowed: repository metadata, agent and
/// editor settings, shell start-up files, SSH keys. Writes to them ask in every mode.
/// </summary>
public sealed class ProtectedPaths(string home, string keelConfigDirectory)
{
    /// <summary>The reason the path is protected, or null.</summary>
    public string? Reason(string absolutePath)
    {
        if (ProtectedNames.Reason(absolutePath, home) is { } reason)
        {
            return reason;
        }

        if (Path.GetDirectoryName(absolutePath) == keelConfigDirectory && Path.GetFileName(absolutePath).StartsWith("settings", StringComparison.Ordinal))
        {
            return "Keel's user settings are protected";
        }

        return null;
    }

    internal static bool Within(string path, string directory) =>
        directory == "/" || path == directory || (path.StartsWith(directory, StringComparison.Ordinal) && path.Length > directory.Length && path[directory.Length] == '/');
}
