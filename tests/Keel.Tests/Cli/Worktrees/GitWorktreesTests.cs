using Keel.Cli.Worktrees;
using Keel.Testing.Workspace;

namespace Keel.Tests.Cli.Worktrees;

/// <summary>Worktrees in a real git repository: made from HEAD on a new branch, removed when unchanged, kept with changes.</summary>
public sealed class GitWorktreesTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public GitWorktreesTests()
    {
        _workspace.GitInit();
        _workspace.Write("a.txt", "a\n");
        _workspace.Write(".worktreeinclude", "local/*.env\n");
        _workspace.Git("add", ".");
        _workspace.Git("commit", "-q", "-m", "start");
        _workspace.Write("local/dev.env", "KEY=1\n");
        _workspace.Write("local/other.txt", "not listed\n");
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_new_worktree_is_on_its_own_branch_with_the_listed_untracked_files_and_goes_away_unchanged()
    {
        var worktrees = new GitWorktrees();

        var (tree, error) = await worktrees.CreateAsync(_workspace.Path, "one", CancellationToken.None);

        error.ShouldBeNull();
        tree!.Path.ShouldBe(_workspace.FullPath(".keel/worktrees/one"));
        tree.Branch.ShouldBe("worktree-one");
        File.ReadAllText(Path.Combine(tree.Path, "a.txt")).ShouldBe("a\n");
        File.ReadAllText(Path.Combine(tree.Path, "local/dev.env")).ShouldBe("KEY=1\n");
        File.Exists(Path.Combine(tree.Path, "local/other.txt")).ShouldBeFalse();
        _workspace.Git("status", "--porcelain").ShouldNotContain(".keel");

        var outcome = await worktrees.FinishAsync(tree, CancellationToken.None);

        outcome.Kept.ShouldBeFalse(outcome.Error);
        Directory.Exists(tree.Path).ShouldBeFalse();
        _workspace.Git("branch", "--list", "worktree-one").Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_worktree_with_an_edit_or_a_commit_is_kept()
    {
        var worktrees = new GitWorktrees("trees");
        var (edited, _) = await worktrees.CreateAsync(_workspace.Path, "edited", CancellationToken.None);
        var (committed, _) = await worktrees.CreateAsync(_workspace.Path, null, CancellationToken.None);
        File.WriteAllText(Path.Combine(edited!.Path, "a.txt"), "changed\n");
        File.WriteAllText(Path.Combine(committed!.Path, "b.txt"), "b\n");
        GitIn(committed.Path, "add", "b.txt");
        GitIn(committed.Path, "commit", "-q", "-m", "b");

        var editedOutcome = await worktrees.FinishAsync(edited, CancellationToken.None);
        var committedOutcome = await worktrees.FinishAsync(committed, CancellationToken.None);

        edited.Path.ShouldStartWith(_workspace.FullPath("trees"));
        GitWorktrees.IsValidName(committed.Name).ShouldBeTrue();
        editedOutcome.Kept.ShouldBeTrue();
        editedOutcome.Changes.ShouldBe(["M a.txt"]);
        committedOutcome.Changes.ShouldBe(["1 commit"]);
        committedOutcome.Describe(committed).ShouldBe($"Worktree kept at {committed.Path} on branch {committed.Branch}; changes: 1 commit.");
        Directory.Exists(edited.Path).ShouldBeTrue();
    }

    [Fact]
    public async Task Bad_names_and_taken_names_are_refused()
    {
        var worktrees = new GitWorktrees();
        (await worktrees.CreateAsync(_workspace.Path, "../escape", CancellationToken.None)).Error!.ShouldContain("not a usable worktree name");
        (await worktrees.CreateAsync(_workspace.Path, ".git", CancellationToken.None)).Error.ShouldNotBeNull();
        (await worktrees.CreateAsync(_workspace.Path, "twice", CancellationToken.None)).Tree.ShouldNotBeNull();
        (await worktrees.CreateAsync(_workspace.Path, "twice", CancellationToken.None)).Error!.ShouldContain("already exists");
    }

    private static void GitIn(string directory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
    }
}
