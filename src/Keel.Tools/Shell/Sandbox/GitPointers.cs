namespace Keel.Tools.Shell.Sandbox;

/// <summary>
/// Follows a <c>.git</c> file (worktrees, submodules: <c>gitdir: path</c>) to the directories git really
/// uses, so protecting <c>.git</c> also protects the hooks and config it points at.
/// </summary>
internal static class GitPointers
{
    /// <summary>The git directory and common directory a <c>.git</c> file points to; empty for anything else.</summary>
    public static IEnumerable<string> Resolve(string dotGit)
    {
        if (!string.Equals(Path.GetFileName(dotGit), ".git", StringComparison.Ordinal) || !File.Exists(dotGit))
        {
            yield break;
        }

        var gitDir = ReadPointer(dotGit, "gitdir:", Path.GetDirectoryName(dotGit)!);
        if (gitDir is null)
        {
            yield break;
        }

        yield return gitDir;
        var common = ReadPointer(Path.Join(gitDir, "commondir"), string.Empty, gitDir);
        if (common is not null)
        {
            yield return common;
        }
    }

    private static string? ReadPointer(string file, string prefix, string relativeTo)
    {
        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var target = text[prefix.Length..].Trim();
        return target.Length == 0 ? null : Path.GetFullPath(Path.Combine(relativeTo, target));
    }
}
