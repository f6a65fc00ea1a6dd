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

    [Theory]
    [InlineData("-b")]
    [InlineData("--help")]
    [InlineData("a/b")]
    [InlineData("../settings.json")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("x.lock")]
    [InlineData("..")]
    public async Task Names_a_path_or_git_could_misread_are_refused_before_anything_runs(string name)
    {
        var (tree, error) = await new GitWorktrees().CreateAsync(_workspace.Path, name, CancellationToken.None);

        tree.ShouldBeNull();
        error!.ShouldContain("not a usable worktree name");
        error!.ShouldNotContain("\n");
        error!.ShouldNotContain("\0");
        Directory.Exists(_workspace.FullPath(".keel")).ShouldBeFalse();
        _workspace.Git("branch", "--list").ShouldNotContain("worktree-");
    }

    [Theory]
    [InlineData("..", "inside the repository")]
    [InlineData("../elsewhere", "inside the repository")]
    [InlineData("/tmp/keel-anywhere", "inside the repository")]
    [InlineData(".", "inside the repository")]
    [InlineData(".git/trees", "inside .git")]
    [InlineData("sub/.GIT/trees", "inside .git")]
    public async Task A_worktree_folder_setting_outside_the_checkout_or_in_git_is_refused(string setting, string message)
    {
        var (tree, error) = await new GitWorktrees(setting).CreateAsync(_workspace.Path, "one", CancellationToken.None);

        tree.ShouldBeNull();
        error!.ShouldContain(message);
    }

    [Fact]
    public async Task A_worktrees_folder_that_is_a_symlink_is_refused()
    {
        // A repository could commit .keel/worktrees as a link to anywhere; git would make the checkout there.
        var elsewhere = Directory.CreateTempSubdirectory("keel-elsewhere-").FullName;
        try
        {
            Directory.CreateDirectory(_workspace.FullPath(".keel"));
            Directory.CreateSymbolicLink(_workspace.FullPath(".keel/worktrees"), elsewhere);

            var (tree, error) = await new GitWorktrees().CreateAsync(_workspace.Path, "one", CancellationToken.None);

            tree.ShouldBeNull();
            error!.ShouldContain("symbolic link");
            Directory.EnumerateFileSystemEntries(elsewhere).ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task A_name_taken_by_a_file_or_a_dangling_link_is_refused()
    {
        Directory.CreateDirectory(_workspace.FullPath(".keel/worktrees"));
        File.WriteAllText(_workspace.FullPath(".keel/worktrees/file"), "x");
        File.CreateSymbolicLink(_workspace.FullPath(".keel/worktrees/dangling"), "/nonexistent/target");

        (await new GitWorktrees().CreateAsync(_workspace.Path, "file", CancellationToken.None)).Error!.ShouldContain("already exists");
        (await new GitWorktrees().CreateAsync(_workspace.Path, "dangling", CancellationToken.None)).Error!.ShouldContain("already exists");
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
