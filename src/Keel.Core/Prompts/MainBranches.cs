namespace Keel.Core.Prompts;

/// <summary>
/// Finds the main branch from the repository's files (no process): origin's HEAD if it was
/// recorded, else a local <c>main</c> or <c>master</c>.
/// </summary>
internal static class MainBranches
{
    public static string? Detect(string repositoryRoot)
    {
        try
        {
            var gitDir = GitDirectory(repositoryRoot);
            if (gitDir is null)
            {
                return null;
            }

            var originHead = Path.Combine(gitDir, "refs", "remotes", "origin", "HEAD");
            if (File.Exists(originHead))
            {
                const string prefix = "ref: refs/remotes/origin/";
                var text = File.ReadAllText(originHead).Trim();
                if (text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return text[prefix.Length..];
                }
            }

            var packed = Path.Combine(gitDir, "packed-refs");
            var packedText = File.Exists(packed) ? File.ReadAllText(packed) : string.Empty;
            foreach (var name in (string[])["main", "master"])
            {
                if (File.Exists(Path.Combine(gitDir, "refs", "heads", name))
                    || packedText.Contains(" refs/heads/" + name + "\n", StringComparison.Ordinal))
                {
                    return name;
                }
            }

            // A repository without commits has no refs yet; HEAD still names the branch to be.
            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The git directory: <c>.git</c> itself, or the one a worktree's <c>.git</c> file points to (its common dir).</summary>
    private static string? GitDirectory(string repositoryRoot)
    {
        var dotGit = Path.Combine(repositoryRoot, ".git");
        if (Directory.Exists(dotGit))
        {
            return dotGit;
        }

        if (!File.Exists(dotGit))
        {
            return null;
        }

        var line = File.ReadAllText(dotGit).Trim();
        if (!line.StartsWith("gitdir:", StringComparison.Ordinal))
        {
            return null;
        }

        var gitDir = Path.GetFullPath(line["gitdir:".Length..].Trim(), repositoryRoot);
        var common = Path.Combine(gitDir, "commondir");
        return File.Exists(common) ? Path.GetFullPath(File.ReadAllText(common).Trim(), gitDir) : gitDir;
    }
}
