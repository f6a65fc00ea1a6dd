using Keel.Core.Prompts;
using Keel.Testing.Workspace;

namespace Keel.Tests.Core.Prompts;

public sealed class GitSummaryReaderTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    [Fact]
    public void A_repository_shows_branch_main_branch_capped_status_and_the_last_five_commits()
    {
        _ws.GitInit();
        for (var i = 1; i <= 6; i++)
        {
            _ws.Write("log.txt", $"{i}\n");
            _ws.Git("add", "-A");
            _ws.Git("commit", "-q", "-m", $"commit {i}");
        }

        _ws.Git("checkout", "-q", "-b", "feature");
        for (var i = 0; i < 45; i++)
        {
            _ws.Write($"new{i:D2}.txt", "x");
        }

        var git = GitSummaryReader.Read(_ws.Path, _ws.Path);

        git.Branch.ShouldBe("feature");
        git.MainBranch.ShouldBe("main");
        git.Status.Count.ShouldBe(GitSummaryReader.MaxStatusLines);
        git.Status[0].ShouldBe("?? new00.txt");
        git.MoreStatusLines.ShouldBe(5);
        git.RecentCommits.ShouldBe(["commit 6", "commit 5", "commit 4", "commit 3", "commit 2"]);
        git.Note.ShouldBeNull();

        var text = SystemPromptBuilder.DescribeEnvironment(Environment(git));
        text.ShouldContain("Current branch: feature\nMain branch: main\n");
        text.ShouldContain("?? new39.txt\n(5 more)\n");
        text.ShouldContain("Recent commits:\n- commit 6\n");
    }

    [Fact]
    public void A_fresh_repository_without_commits_names_its_branch_and_no_commits()
    {
        _ws.GitInit();

        var git = GitSummaryReader.Read(_ws.Path, _ws.Path);

        git.Branch.ShouldBe("main");
        git.RecentCommits.ShouldBeEmpty();
        git.Note.ShouldBeNull();
        SystemPromptBuilder.DescribeEnvironment(Environment(git)).ShouldContain("Status: clean\n");
    }

    [Fact]
    public void Outside_a_repository_the_prompt_says_so()
    {
        InstructionFiles.FindRepositoryRoot(_ws.Path).ShouldBeNull();

        SystemPromptBuilder.DescribeEnvironment(Environment(null)).ShouldContain("Git: the working directory is not in a git repository.");
    }

    private PromptEnvironment Environment(GitSummary? git) =>
        new(_ws.Path, [], git, "Unix", "/bin/bash", new DateOnly(2026, 1, 2), "claude-test", []);

    public void Dispose() => _ws.Dispose();
}
