namespace Keel.Cli.Worktrees;

/// <summary>A git worktree Keel made for a session (<c>-w</c>) or an isolated agent.</summary>
/// <param name="Name">The name (the folder's name).</param>
/// <param name="Path">The worktree's folder.</param>
/// <param name="Branch">The new branch it is on (empty when a WorktreeCreate hook made it).</param>
/// <param name="RepositoryRoot">The checkout it was made from.</param>
/// <param name="BaseCommit">The commit it started at (empty when a hook made it).</param>
public sealed record Worktree(string Name, string Path, string Branch, string RepositoryRoot, string BaseCommit)
{
    /// <summary>The untracked files <c>.worktreeinclude</c> had copied in (relative paths); as copied they are no change.</summary>
    public IReadOnlyList<string> Copied { get; init; } = [];

    /// <summary>True when a WorktreeCreate hook made it (so a WorktreeRemove hook removes it).</summary>
    public bool ByHook { get; init; }

    /// <summary>For a hook-made worktree: its files when made (path, size, write time), to tell whether anything changed.</summary>
    public IReadOnlyDictionary<string, (long Length, DateTime Written)>? Snapshot { get; init; }
}
