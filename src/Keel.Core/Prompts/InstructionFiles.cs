namespace Keel.Core.Prompts;

/// <summary>
/// Finds instruction files: the user's <c>KEEL.md</c>, then from the repository root down to the
/// working directory <c>AGENTS.md</c>, <c>CLAUDE.md</c>, <c>KEEL.md</c>, <c>.claude/CLAUDE.md</c>,
/// then their <c>.local.md</c> variants. (Imports with <c>@path</c> come with the context work.)
/// </summary>
public static class InstructionFiles
{
    private const int MaxFileChars = 40_000;

    private static readonly string[] Names = ["AGENTS.md", "CLAUDE.md", "KEEL.md", ".claude/CLAUDE.md", "AGENTS.local.md", "CLAUDE.local.md", "KEEL.local.md"];

    public static IReadOnlyList<InstructionFile> Find(string configDirectory, string workingDirectory, string? repositoryRoot)
    {
        var found = new List<InstructionFile>();
        TryAdd(found, Path.Combine(configDirectory, "KEEL.md"));
        foreach (var directory in DirectoriesFromRoot(workingDirectory, repositoryRoot))
        {
            foreach (var name in Names)
            {
                TryAdd(found, Path.Combine(directory, name));
            }
        }

        return found;
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding <c>.git</c>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static List<string> DirectoriesFromRoot(string workingDirectory, string? repositoryRoot)
    {
        var chain = new List<string>();
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            chain.Add(dir.FullName);
            if (repositoryRoot is null || string.Equals(dir.FullName, repositoryRoot, StringComparison.Ordinal))
            {
                break;
            }
        }

        chain.Reverse();
        return chain;
    }

    private static void TryAdd(List<InstructionFile> found, string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return;
            }

            var text = File.ReadAllText(path);
            if (text.Length > MaxFileChars)
            {
                text = string.Concat(text.AsSpan(0, MaxFileChars), "\n[truncated]");
            }

            if (!string.IsNullOrWhiteSpace(text) && !found.Exists(f => f.Path == path))
            {
                found.Add(new InstructionFile(path, text));
            }
        }
        catch (IOException)
        {
            // An unreadable instruction file is skipped rather than failing the session.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
