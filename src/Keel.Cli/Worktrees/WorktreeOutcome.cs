namespace Keel.Cli.Worktrees;

/// <summary>What happened to a worktree when its session or agent ended.</summary>
/// <param name="Kept">True when it had changes and stays (its path and branch are reported).</param>
/// <param name="Changes">The changed files (git status lines) and commits made, for the report.</param>
/// <param name="Error">Why removing or inspecting it failed, or null.</param>
public sealed record WorktreeOutcome(bool Kept, IReadOnlyList<string> Changes, string? Error)
{
    /// <summary>One paragraph for the user or the parent model.</summary>
    public string Describe(Worktree tree) => Kept
        ? $"Worktree kept at {tree.Path}" + (tree.Branch.Length > 0 ? $" on branch {tree.Branch}" : string.Empty)
            + (Changes.Count > 0 ? $"; changes: {string.Join(", ", Changes)}" : string.Empty) + (Error is null ? "." : $" ({Error}).")
        : $"Worktree {tree.Name} had no changes" + (Error is null ? " and was removed." : $"; {Error}.");
}
