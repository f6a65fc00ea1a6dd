using Keel.Core.Worktrees;

namespace Keel.Cli.Worktrees;

/// <summary>
/// Makes and clears git worktrees: a new branch <c>worktree-&lt;name&gt;</c> at HEAD, in
/// <c>&lt;repository&gt;/.keel/worktrees/&lt;name&gt;</c> (or the settings' <c>worktree.directory</c>), with the untracked
/// files <c>.worktreeinclude</c> lists copied in. On finish a worktree without changes is removed with its branch; one
/// with changes stays. WorktreeCreate/WorktreeRemove hooks, when configured, replace git (<see cref="WorktreeHooks"/>).
/// </summary>
public sealed class GitWorktrees(string? directorySetting = null, WorktreeHooks? hooks = null)
{
    public const string DefaultDirectory = ".keel/worktrees";

    // git worktree add takes locks in the shared .git; parallel agents wait for each other here.
    private static readonly SemaphoreSlim Adding = new(1, 1);

    private static readonly string[] Adjectives = ["bright", "calm", "quick", "quiet", "bold", "keen", "brisk", "gentle", "steady", "clever"];
    private static readonly string[] Verbs = ["running", "sailing", "drifting", "climbing", "rowing", "gliding", "turning", "mending"];
    private static readonly string[] Nouns = ["fox", "heron", "otter", "falcon", "harbor", "anchor", "compass", "lantern", "willow", "keel"];

    /// <summary>A fresh name like <c>bright-sailing-otter</c>.</summary>
    public static string NewName() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Verbs[Random.Shared.Next(Verbs.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}";

    /// <summary>True for a name usable as a folder and branch (<see cref="WorktreeNames.IsValid"/>).</summary>
    public static bool IsValidName(string name) => WorktreeNames.IsValid(name);

    public async Task<(Worktree? Tree, string? Error)> CreateAsync(string cwd, string? name, CancellationToken cancellationToken)
    {
        if (name is not null && !IsValidName(name))
        {
            return (null, $"'{Printable(name)}' is not a usable worktree name: start with a letter or digit, then use letters, digits, '.', '_' and '-' (at most {WorktreeNames.MaxLength}).");
        }

        if (hooks is { HasCreate: true })
        {
            return await hooks.CreateAsync(cwd, name ?? NewName(), cancellationToken);
        }

        var (rootExit, rootOut, rootErr) = await GitProcess.RunAsync(cwd, ["rev-parse", "--show-toplevel"], cancellationToken);
        if (rootExit != 0)
        {
            return (null, $"a worktree needs a git repository, and {cwd} is not in one ({FirstLine(rootErr)}). A WorktreeCreate hook can make one with another tool.");
        }

        var root = rootOut.Trim();
        var (headExit, headOut, _) = await GitProcess.RunAsync(root, ["rev-parse", "--verify", "HEAD"], cancellationToken);
        if (headExit != 0)
        {
            return (null, "the repository has no commit yet; a worktree starts from HEAD, so commit once first.");
        }

        var baseCommit = headOut.Trim();
        if (FolderProblem(root, directorySetting ?? DefaultDirectory) is { } problem)
        {
            return (null, problem);
        }

        var folder = Path.GetFullPath(Path.Combine(root, directorySetting ?? DefaultDirectory));
        await Adding.WaitAsync(cancellationToken);
        try
        {
            var chosen = name ?? UnusedName(folder);
            var path = Path.Combine(folder, chosen);
            var branch = "worktree-" + chosen;
            if (Path.Exists(path) || new FileInfo(path).LinkTarget is not null)
            {
                return (null, $"{path} already exists; pick another name.");
            }

            var (addExit, _, addErr) = await GitProcess.RunAsync(root, ["worktree", "add", "-b", branch, path, baseCommit], cancellationToken);
            if (addExit != 0)
            {
                return (null, $"git worktree add failed: {FirstLine(addErr)}");
            }

            ExcludeFolder(root, folder);
            var tree = new Worktree(chosen, path, branch, root, baseCommit);
            return (tree with { Copied = await CopyIncludedAsync(tree, folder, cancellationToken) }, null);
        }
        finally
        {
            Adding.Release();
        }
    }

    /// <summary>Removes the worktree (and its branch) when nothing changed in it; otherwise keeps it and says what changed.</summary>
    public async Task<WorktreeOutcome> FinishAsync(Worktree tree, CancellationToken cancellationToken)
    {
        var changes = await ChangesAsync(tree, cancellationToken);
        if (changes is null)
        {
            return new WorktreeOutcome(true, [], "could not tell whether it changed");
        }

        if (changes.Count > 0)
        {
            return new WorktreeOutcome(true, changes, null);
        }

        if (tree.ByHook)
        {
            return new WorktreeOutcome(false, [], hooks is null ? "no WorktreeRemove hook" : await hooks.RemoveAsync(tree, cancellationToken));
        }

        var (removeExit, _, removeErr) = await GitProcess.RunAsync(tree.RepositoryRoot, ["worktree", "remove", "--force", tree.Path], cancellationToken);
        if (removeExit != 0)
        {
            return new WorktreeOutcome(false, [], $"git worktree remove failed: {FirstLine(removeErr)}");
        }

        var (branchExit, _, branchErr) = await GitProcess.RunAsync(tree.RepositoryRoot, ["branch", "-D", tree.Branch], cancellationToken);
        return new WorktreeOutcome(false, [], branchExit == 0 ? null : $"its branch stays: {FirstLine(branchErr)}");
    }

    /// <summary>What changed in the worktree: git status lines and commits since it was made; null when it cannot be told.</summary>
    private static async Task<IReadOnlyList<string>?> ChangesAsync(Worktree tree, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(tree.Path))
        {
            return [];
        }

        var (statusExit, status, _) = await GitProcess.RunAsync(tree.Path, ["status", "--porcelain", "--untracked-files=all"], cancellationToken);
        if (statusExit != 0)
        {
            return tree.Snapshot is { } snapshot ? WorktreeHooks.ChangedSince(tree.Path, snapshot) : null;
        }

        var changes = status.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => l.Trim())
            .Where(l => !UnchangedCopy(tree, l))
            .ToList();
        if (tree.BaseCommit.Length > 0)
        {
            var (countExit, count, _) = await GitProcess.RunAsync(tree.Path, ["rev-list", "--count", tree.BaseCommit + "..HEAD"], cancellationToken);
            if (countExit == 0 && int.TryParse(count.Trim(), out var commits) && commits > 0)
            {
                changes.Add($"{commits} commit{(commits == 1 ? string.Empty : "s")}");
            }
        }

        return changes;
    }

    /// <summary>A status line for a file <c>.worktreeinclude</c> brought in that is still as copied: not a change of the agent's.</summary>
    private static bool UnchangedCopy(Worktree tree, string statusLine)
    {
        if (!statusLine.StartsWith("?? ", StringComparison.Ordinal) || !tree.Copied.Contains(statusLine[3..], StringComparer.Ordinal))
        {
            return false;
        }

        try
        {
            var relative = statusLine[3..];
            return File.ReadAllBytes(Path.Combine(tree.Path, relative)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(tree.RepositoryRoot, relative)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Copies the untracked files <c>.worktreeinclude</c> lists (gitignore syntax), such as <c>.env</c>, into the new worktree; returns them.</summary>
    private static async Task<IReadOnlyList<string>> CopyIncludedAsync(Worktree tree, string worktreesFolder, CancellationToken cancellationToken)
    {
        var copied = new List<string>();
        var include = Path.Combine(tree.RepositoryRoot, ".worktreeinclude");
        if (!File.Exists(include))
        {
            return copied;
        }

        var (exit, listed, _) = await GitProcess.RunAsync(tree.RepositoryRoot, ["ls-files", "-z", "--others", "--ignored", "--exclude-from=" + include], cancellationToken);
        if (exit != 0)
        {
            return copied;
        }

        foreach (var relative in listed.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.GetFullPath(Path.Combine(tree.RepositoryRoot, relative));
            // Never the worktrees themselves, nor anything outside the checkout.
            if (Core.Tools.PathScope.IsWithin(source, worktreesFolder) || !Core.Tools.PathScope.IsWithin(source, tree.RepositoryRoot) || !File.Exists(source))
            {
                continue;
            }

            var target = Path.Combine(tree.Path, relative);
            try
            {
                // Never through a symlink the checkout brought (a committed link could point anywhere).
                if (HasLinkBetween(tree.Path, Path.GetDirectoryName(target)!))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target, overwrite: false);
                copied.Add(relative);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file that cannot be copied (or is already there) is left out; the worktree is still usable.
            }
        }

        return copied;
    }

    /// <summary>Keeps the worktrees out of the main checkout's <c>git status</c> (the local exclude file, never a committed one).</summary>
    private static void ExcludeFolder(string root, string folder)
    {
        if (!Core.Tools.PathScope.IsWithin(folder, root))
        {
            return;
        }

        var exclude = Path.Combine(root, ".git", "info", "exclude");
        var line = "/" + Path.GetRelativePath(root, folder).Replace('\\', '/') + "/";
        try
        {
            if (!Directory.Exists(Path.Combine(root, ".git")) || (File.Exists(exclude) && File.ReadLines(exclude).Contains(line)))
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(exclude)!);
            var existing = File.Exists(exclude) ? File.ReadAllText(exclude) : string.Empty;
            File.AppendAllText(exclude, (existing.Length > 0 && !existing.EndsWith('\n') ? "\n" : string.Empty) + line + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only cosmetic: the main checkout then lists the folder as untracked.
        }
    }

    private static string UnusedName(string folder)
    {
        for (var i = 0; i < 20; i++)
        {
            var name = NewName();
            if (!Directory.Exists(Path.Combine(folder, name)))
            {
                return name;
            }
        }

        return NewName() + "-" + Guid.NewGuid().ToString("N")[..6];
    }

    /// <summary>
    /// Why the worktrees folder cannot be used, or null. It must stay inside the checkout and outside <c>.git</c>,
    /// and no part of it may be a symbolic link: a repository that commits <c>.keel/worktrees</c> as a link would
    /// otherwise have git write a checkout wherever the link points.
    /// </summary>
    internal static string? FolderProblem(string root, string setting)
    {
        if (setting.Length == 0 || setting.Any(char.IsControl))
        {
            return "worktree.directory is empty or has control characters";
        }

        var folder = Path.GetFullPath(Path.Combine(root, setting));
        if (folder == root || !Core.Tools.PathScope.IsWithin(folder, root))
        {
            return $"worktree.directory ({Printable(setting)}) must be a folder inside the repository";
        }

        var relative = Path.GetRelativePath(root, folder).Split('/');
        if (relative.Any(static part => string.Equals(part, ".git", StringComparison.OrdinalIgnoreCase)))
        {
            return $"worktree.directory ({Printable(setting)}) must not be inside .git";
        }

        return HasLinkBetween(root, folder) ? $"{folder} (or a folder above it in the repository) is a symbolic link; Keel does not make worktrees through links" : null;
    }

    /// <summary>True when a component of <paramref name="path"/> below <paramref name="root"/> that exists is a symbolic link.</summary>
    private static bool HasLinkBetween(string root, string path)
    {
        var current = root;
        foreach (var part in Path.GetRelativePath(root, path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                return true;
            }

            if (!info.Exists && !Directory.Exists(current))
            {
                return false;
            }
        }

        return false;
    }

    private static string Printable(string text) => new([.. text.Select(static c => char.IsControl(c) ? '?' : c)]);

    private static string FirstLine(string text) => text.Trim().Split('\n')[0].Trim();
}
