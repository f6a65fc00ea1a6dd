namespace Keel.Core.Prompts;

/// <summary>What the system prompt says about the repository: branch, main branch, changes, recent commits.</summary>
/// <param name="Branch">The current branch, or null when HEAD is detached or git could not say.</param>
/// <param name="MainBranch">The branch pull requests usually target (origin's HEAD, else main/master), or null.</param>
/// <param name="Status">Lines of <c>git status --short</c>, at most <see cref="GitSummaryReader.MaxStatusLines"/>.</param>
/// <param name="MoreStatusLines">How many status lines were left out.</param>
/// <param name="RecentCommits">Subjects of the newest commits, newest first.</param>
/// <param name="Note">Why part of the summary is missing (git timed out or failed), or null.</param>
public sealed record GitSummary(
    string? Branch,
    string? MainBranch,
    IReadOnlyList<string> Status,
    int MoreStatusLines,
    IReadOnlyList<string> RecentCommits,
    string? Note = null);
