namespace Keel.Core.Permissions.Shell;

/// <summary>
/// The protected set (PP) by lexical path, used to tell a protected write from an ordinary one when
/// the path policy answers "ask" for both (in default mode every write asks).
/// </summary>
internal static class ShellProtectedPaths
{
    private static readonly string[] Directories = [".git", ".claude", ".keel", ".vscode", ".idea"];
    private static readonly string[] Files = [".mcp.json", ".gitmodules"];
    private static readonly string[] HomeFiles = [".claude.json", ".gitconfig", ".bashrc", ".bash_profile", ".zshrc", ".zprofile", ".profile", ".keel.json"];
    private static readonly string[] HomeDirectories = [".claude", ".keel", ".ssh"];

    public static bool IsProtected(string fullPath, string home)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var segments = fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments.Take(Math.Max(0, segments.Length - 1)))
        {
            if (Directories.Any(d => string.Equals(d, segment, comparison)))
            {
                return true;
            }
        }

        if (segments.Length > 0)
        {
            var last = segments[^1];
            if (Files.Any(f => string.Equals(f, last, comparison)) || Directories.Any(d => string.Equals(d, last, comparison)))
            {
                return true;
            }
        }

        var homePrefix = home.TrimEnd('/') + "/";
        if (fullPath.StartsWith(homePrefix, comparison))
        {
            var relative = fullPath[homePrefix.Length..];
            var first = relative.Split('/')[0];
            if (HomeFiles.Any(f => string.Equals(f, relative, comparison)) || HomeDirectories.Any(d => string.Equals(d, first, comparison)))
            {
                return true;
            }
        }

        return false;
    }
}
