namespace Keel.Core.Memory;

/// <summary>
/// The directory that names a project's memory: the canonical root of the git repository holding the
/// working directory (a linked worktree resolves to its main checkout, so every worktree shares one
/// memory), else the working directory itself.
/// </summary>
public static class ProjectIdentity
{
    public static string CanonicalRoot(string workingDirectory)
    {
        var start = Path.GetFullPath(workingDirectory);
        if (Prompts.InstructionFiles.FindRepositoryRoot(start) is not { } root)
        {
            return Trim(start);
        }

        var dotGit = Path.Combine(root, ".git");
        return (File.Exists(dotGit) ? MainCheckout(dotGit) : null) ?? Trim(root);
    }

    /// <summary>For a <c>.git</c> file (<c>gitdir: ...</c>), the working tree of the common git directory.</summary>
    private static string? MainCheckout(string dotGitFile)
    {
        try
        {
            var line = File.ReadAllText(dotGitFile).Trim();
            if (!line.StartsWith("gitdir:", StringComparison.Ordinal))
            {
                return null;
            }

            var root = Path.GetDirectoryName(dotGitFile)!;
            var gitDir = Path.GetFullPath(line["gitdir:".Length..].Trim(), root);
            var commonFile = Path.Combine(gitDir, "commondir");
            if (!File.Exists(commonFile))
            {
                return null; // a submodule or a plain separate git dir: the checkout is its own project
            }

            var common = Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDir);
            return Path.GetFileName(common.TrimEnd('/')) == ".git" ? Trim(Path.GetDirectoryName(common.TrimEnd('/'))!) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
