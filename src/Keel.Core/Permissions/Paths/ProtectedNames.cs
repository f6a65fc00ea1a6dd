namespace Keel.Core.Permissions.Paths;

/// <summary>
/// The one list of protected names, shared by the path policy, the shell analyzer and the sandbox:
/// configuration whose change makes code run later (repository metadata and hooks, agent and editor
/// settings, shell start-up files) or grants rights. Writes to them ask in every mode, and the
/// sandbox mounts them read-only.
/// </summary>
public static class ProtectedNames
{
    /// <summary>Directories protected at any depth (nested repositories and worktrees included).</summary>
    public static readonly IReadOnlyList<string> Directories = [".git", ".claude", ".keel", ".vscode", ".idea", ".husky"];

    /// <summary>Files protected at any depth.</summary>
    public static readonly IReadOnlyList<string> Files = [".gitmodules", ".mcp.json", ".gitattributes"];

    /// <summary>Files protected directly in the home directory (shell and git start-up, agent state).</summary>
    public static readonly IReadOnlyList<string> HomeFiles =
    [
        ".claude.json", ".keel.json", ".gitconfig", ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".zshrc", ".zprofile",
        ".zshenv", ".zlogin", ".zlogout", ".profile", ".npmrc", ".envrc", ".inputrc",
    ];

    /// <summary>Directories protected under the home directory.</summary>
    public static readonly IReadOnlyList<string> HomeDirectories = [".ssh", ".claude", ".keel", ".config/git", ".gnupg"];

    /// <summary>The reason an absolute path is protected, or null. Case-insensitive where the file system is.</summary>
    public static string? Reason(string absolutePath, string home)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var segments = absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            // A worktree Keel made (.keel/worktrees/<name>/...) is a checkout of its own: the agent's workspace, not
            // configuration. Its name and everything inside it are still checked (a worktree named .git stays protected).
            if (i + 2 < segments.Length && segments[i] is ".keel" or ".claude" && segments[i + 1] == "worktrees")
            {
                i++;
                continue;
            }

            if (Directories.FirstOrDefault(d => string.Equals(d, segments[i], comparison)) is { } dir)
            {
                return $"{dir} is a protected directory";
            }
        }

        if (segments.Length > 0 && Files.FirstOrDefault(f => string.Equals(f, segments[^1], comparison)) is { } file)
        {
            return $"{file} is a protected file";
        }

        var homePrefix = home.TrimEnd('/') + "/";
        if (home.Length > 1 && absolutePath.StartsWith(homePrefix, comparison))
        {
            var relative = absolutePath[homePrefix.Length..];
            if (HomeFiles.FirstOrDefault(f => string.Equals(f, relative, comparison)) is { } homeFile)
            {
                return $"~/{homeFile} is a protected file";
            }

            foreach (var homeDir in HomeDirectories)
            {
                if (string.Equals(relative, homeDir, comparison) || relative.StartsWith(homeDir + "/", comparison))
                {
                    return $"~/{homeDir} is a protected directory";
                }
            }
        }

        return null;
    }
}
