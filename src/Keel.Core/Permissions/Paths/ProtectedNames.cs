using Keel.Core.Worktrees;

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
    public static string? Reason(string absolutePath, string home) => Reason(absolutePath, home, ignoreCase: !OperatingSystem.IsLinux());

    /// <summary>The reason an absolute path is protected, or null, comparing names with or without case.</summary>
    internal static string? Reason(string absolutePath, string home, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var segments = absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // The worktree exemption below is decided on names alone, so it is given only to a plain path: a '.' or '..'
        // segment (an unnormalised path) or a control character gets no exemption.
        var plain = !segments.Any(static s => s is "." or ".." || s.Any(char.IsControl));
        for (var i = 0; i < segments.Length; i++)
        {
            if (plain && WorktreeInside(segments, i))
            {
                // Skip .keel and worktrees; the worktree's name and everything below it are still checked.
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

    /// <summary>
    /// True when <paramref name="segments"/>[<paramref name="i"/>] starts <c>.keel/worktrees/&lt;name&gt;/&lt;something&gt;</c>
    /// (or <c>.claude/worktrees/...</c>): a file inside a worktree, which is a checkout to work in, not configuration.
    /// Exact lower-case names only, a valid worktree name, and something inside it: the worktrees folder itself, a
    /// worktree's own folder (creating, renaming or replacing it) and odd spellings stay protected.
    /// </summary>
    private static bool WorktreeInside(string[] segments, int i) =>
        i + 3 < segments.Length
        && WorktreeNames.Folders.Any(f => segments[i] == f.Config && segments[i + 1] == f.Folder)
        && WorktreeNames.IsValid(segments[i + 2]);
}
