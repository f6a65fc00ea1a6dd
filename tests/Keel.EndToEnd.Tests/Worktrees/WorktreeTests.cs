using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Worktrees;

/// <summary><c>keel -w</c> and agents with <c>isolation: worktree</c>: work in their own git worktree, cleaned up when unchanged.</summary>
public sealed class WorktreeTests
{
    private static void CommittedRepository(Scenario s)
    {
        s.Workspace.GitInit();
        s.Workspace.Write("README.md", "project\n");
        s.Workspace.Write(".worktreeinclude", ".env\n");
        s.Workspace.Write(".gitignore", ".env\n");
        s.Workspace.Git("add", "README.md", ".worktreeinclude", ".gitignore");
        s.Workspace.Git("commit", "-q", "-m", "start");
        s.Workspace.Write(".env", "SECRET=1\n");
    }

    [Fact]
    public async Task A_worktree_without_changes_is_removed_with_its_branch_on_exit()
    {
        await using var s = await Scenario.StartAsync();
        CommittedRepository(s);
        s.Script(Turn.Text("Nothing to change."));

        var result = await s.RunAsync("-w", "quiet-one", "-p", "look around");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Nothing to change.");
        var path = s.Workspace.FullPath(".keel/worktrees/quiet-one");
        result.Stderr.ShouldContain($"Working in worktree {path} (branch worktree-quiet-one)");
        result.Stderr.ShouldContain("Worktree quiet-one had no changes and was removed.");
        Directory.Exists(path).ShouldBeFalse();
        s.Workspace.Git("branch", "--list", "worktree-quiet-one").Trim().ShouldBeEmpty();
        s.Workspace.Git("worktree", "list").ShouldNotContain("quiet-one");
        // The session ran in the worktree: the model was told so.
        s.Server.MessageRequests[0].BodyText.ShouldContain(path);
    }

    [Fact]
    public async Task A_worktree_with_changes_is_kept_and_its_path_and_branch_are_printed()
    {
        await using var s = await Scenario.StartAsync();
        CommittedRepository(s);
        s.Script(Turn.ToolUse("Write", """{"file_path":"feature.txt","content":"new work\n"}"""), Turn.Text("Wrote it."));

        var result = await s.RunAsync("--worktree", "feature", "-p", "add a feature", "--permission-mode", "acceptEdits");

        result.ExitCode.ShouldBe(0, result.ToString());
        var path = s.Workspace.FullPath(".keel/worktrees/feature");
        result.Stderr.ShouldContain($"Worktree kept at {path} on branch worktree-feature; changes: ?? feature.txt");
        File.ReadAllText(Path.Combine(path, "feature.txt")).ShouldBe("new work\n");
        File.ReadAllText(Path.Combine(path, ".env")).ShouldBe("SECRET=1\n");
        s.Workspace.Exists("feature.txt").ShouldBeFalse();
        s.Workspace.Git("status", "--porcelain").ShouldNotContain(".keel");
    }

    [Fact]
    public async Task Worktree_outside_a_repository_is_refused_with_a_reason()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("-w", "-p", "hello");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("a worktree needs a git repository");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_parallel_isolated_agents_write_the_same_file_name_in_separate_worktrees()
    {
        await using var s = await Scenario.StartAsync();
        CommittedRepository(s);
        s.Server.SetResponder(request =>
        {
            var first = request.Messages![0]!["content"]!.ToJsonString();
            var last = request.Messages![^1]!.ToJsonString();
            return first switch
            {
                _ when first.Contains("AGENT-ONE", StringComparison.Ordinal) => last.Contains("tool_result", StringComparison.Ordinal)
                    ? Turn.Text("one wrote notes")
                    : Turn.ToolUse("Write", """{"file_path":"notes.txt","content":"from agent one\n"}"""),
                _ when first.Contains("AGENT-TWO", StringComparison.Ordinal) => last.Contains("tool_result", StringComparison.Ordinal)
                    ? Turn.Text("two wrote notes")
                    : Turn.ToolUse("Write", """{"file_path":"notes.txt","content":"from agent two\n"}"""),
                _ when request.Messages!.Count == 1 => Turn
                    .ToolUse("Agent", """{"description":"Agent one","prompt":"AGENT-ONE: write notes","isolation":"worktree"}""")
                    .ToolUse("Agent", """{"description":"Agent two","prompt":"AGENT-TWO: write notes","isolation":"worktree"}"""),
                _ => Turn.Text("Both agents finished."),
            };
        });

        var result = await s.RunAsync("-p", "split the work", "--permission-mode", "acceptEdits");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Both agents finished.");
        s.Workspace.Exists("notes.txt").ShouldBeFalse();
        var trees = Directory.GetDirectories(s.Workspace.FullPath(".keel/worktrees"));
        trees.Length.ShouldBe(2);
        trees.Select(t => File.ReadAllText(Path.Combine(t, "notes.txt"))).Order().ShouldBe(["from agent one\n", "from agent two\n"]);
        var results = Scenario.LastToolResults(s.Server.MessageRequests[^1]).Select(Scenario.ResultText).ToList();
        results.Count.ShouldBe(2);
        results.ShouldAllBe(r => r.Contains("Worktree kept at ") && r.Contains(" on branch worktree-") && r.Contains("?? notes.txt"));
        s.Workspace.Git("branch", "--list", "worktree-*").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
    }

    [Fact]
    public async Task An_isolated_agent_that_changes_nothing_leaves_no_worktree_behind()
    {
        await using var s = await Scenario.StartAsync();
        CommittedRepository(s);
        s.Workspace.Write(".keel/agents/reader.md", "---\nname: reader\ndescription: Reads\nisolation: worktree\n---\nRead files.\n");
        s.Script(
            Turn.ToolUse("Agent", """{"description":"Read","prompt":"READER: look","subagent_type":"reader"}"""),
            Turn.Text("Looked, changed nothing."),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "delegate", "--permission-mode", "acceptEdits");

        result.ExitCode.ShouldBe(0, result.ToString());
        var agentResult = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[^1]).Single());
        agentResult.ShouldContain("had no changes and was removed.");
        Directory.GetDirectories(s.Workspace.FullPath(".keel/worktrees")).ShouldBeEmpty();
        s.Workspace.Git("branch", "--list", "worktree-*").Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task WorktreeCreate_and_WorktreeRemove_hooks_replace_git()
    {
        await using var s = await Scenario.StartAsync();
        var made = s.Workspace.FullPath("elsewhere/made-by-hook");
        var log = s.Workspace.FullPath("hook.log");
        s.Workspace.Write(".keel/settings.json", $$$"""
            {"hooks": {
              "WorktreeCreate": [{"hooks": [{"type": "command", "command": "read -r input; echo \"create $input\" >> {{{log}}}; mkdir -p {{{made}}}; echo {{{made}}}"}]}],
              "WorktreeRemove": [{"hooks": [{"type": "command", "command": "read -r input; echo \"remove $input\" >> {{{log}}}; rm -rf {{{made}}}"}]}]
            }}
            """);
        s.Script(Turn.Text("Nothing to do."));

        var result = await s.RunAsync("-w", "vcs-free", "-p", "look");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldContain($"Working in worktree {made}");
        result.Stderr.ShouldContain("Worktree vcs-free had no changes and was removed.");
        var lines = File.ReadAllLines(log);
        lines[0].ShouldContain("\"hook_event_name\":\"WorktreeCreate\"");
        lines[0].ShouldContain("\"name\":\"vcs-free\"");
        lines[1].ShouldContain($"\"worktree_path\":\"{made}\"");
        Directory.Exists(made).ShouldBeFalse();
    }

    [Fact]
    public async Task An_isolated_agent_writes_in_its_worktree_under_the_sandbox_but_not_its_configuration()
    {
        await using var s = await Scenario.StartAsync();
        CommittedRepository(s);
        s.Workspace.Write(".keel/settings.json", "{}");
        s.Server.SetResponder(request =>
        {
            var first = request.Messages![0]!["content"]!.ToJsonString();
            var last = request.Messages![^1]!.ToJsonString();
            return first switch
            {
                _ when first.Contains("SANDBOXED", StringComparison.Ordinal) => last.Contains("tool_result", StringComparison.Ordinal)
                    ? Turn.Text("agent done")
                    // The targets hide in variables, so the permission layer cannot see them; the sandbox must stop them.
                    : Turn.ToolUse("Bash", """{"command":"export LC_ALL=C; echo made > made.txt && echo wrote-made; k=.keel; echo x > \"$k/settings.json\"; echo own=$?; u=../..; echo x > \"$u/settings.json\"; echo user=$?; g=.git; echo x > \"$g\"; echo git=$?"}"""),
                _ when request.Messages!.Count == 1 => Turn.ToolUse("Agent", """{"description":"Sandboxed","prompt":"SANDBOXED: make a file","isolation":"worktree"}"""),
                _ => Turn.Text("Done."),
            };
        });

        var result = await s.RunAsync("-p", "delegate", "--sandbox", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        var seen = s.Server.MessageRequests.Select(r => r.Messages![^1]!.ToJsonString()).ToList();
        var bash = seen.FirstOrDefault(m => m.Contains("wrote-made", StringComparison.Ordinal));
        bash.ShouldNotBeNull(string.Join("\n", seen));
        bash.ShouldContain("own=1", customMessage: bash);
        bash.ShouldContain("git=1", customMessage: bash);
        var tree = Directory.GetDirectories(s.Workspace.FullPath(".keel/worktrees")).Single();
        File.ReadAllText(Path.Combine(tree, "made.txt")).ShouldBe("made\n");
        File.Exists(Path.Combine(tree, ".keel", "settings.json")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(tree, ".git")).ShouldStartWith("gitdir: ");
        // The user's configuration is read-only for the agent (under /tmp the write lands in the sandbox's private /tmp).
        s.Workspace.Read(".keel/settings.json").ShouldBe("{}");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[^1]).Single()).ShouldContain("?? made.txt");
    }
}
