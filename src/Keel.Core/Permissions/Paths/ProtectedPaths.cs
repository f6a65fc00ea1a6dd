namespace Keel.Core.Permissions.Paths;

/// <summary>
/// Paths whose modification changes what runs or what is allowed: repository metadata, agent and
/// editor settings, shell start-up files, SSH keys. Writes to them ask in every mode.
/// </summary>
public sealed class ProtectedPaths(string home, string keelConfigDirectory)
{
    // A directory of this name at any depth (nested repositories and worktrees included).
    private static readonly HashSet<string> Directories = new(StringComparer.Ordinal) { ".git", ".claude", ".keel", ".vscode", ".idea", ".husky" };

    // A file of this name at any depth.
    private static readonly HashSet<string> Files = new(StringComparer.Ordinal) { ".gitmodules", ".mcp.json", ".gitattributes" };

    private static readonly string[] HomeFiles =
        [".claude.json", ".gitconfig", ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".zshrc", ".zprofile", ".zshenv", ".profile", ".npmrc", ".envrc"];

    private static readonly string[] HomeDirectories = [".ssh", ".claude", ".keel", ".config/git", ".gnupg"];

    /// <summary>The reason the path is protected, or null.</summary>
    public string? Reason(string absolutePath)
    {
        var segments = absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            if (Directories.Contains(segments[i]))
            {
                return $"{segments[i]} is a protected directory";
            }
        }

        if (segments.Length > 0 && Files.Contains(segments[^1]))
        {
            return $"{segments[^1]} is a protected file";
        }

        foreach (var file in HomeFiles)
        {
            if (absolutePath == home + "/" + file)
            {
                return $"~/{file} is a protected file";
            }
        }

        foreach (var dir in HomeDirectories)
        {
            if (Within(absolutePath, home + "/" + dir))
            {
                return $"~/{dir} is a protected directory";
            }
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
