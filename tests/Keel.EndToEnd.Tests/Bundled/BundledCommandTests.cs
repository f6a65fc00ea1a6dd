using System.Text.Json.Nodes;
using Keel.EndToEnd.Tests.Commands;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Bundled;

/// <summary>The commands and skills shipped inside keel, run with -p on a scratch git repository.</summary>
public sealed class BundledCommandTests
{
    [Fact]
    public async Task Commit_stages_and_commits_the_change_with_the_bundled_prompt_and_git_log_shows_it()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        s.Workspace.Write("notes.txt", "remember the milk\n");
        s.Workspace.Write(".env", "API_KEY=hunter2\n");
        s.Script(
            Turn.ToolUse("Bash", """{"command":"git add notes.txt"}"""),
            Turn.ToolUse("Bash", """{"command":"git commit -m \"Add shopping notes\""}"""),
            Turn.Text("Committed: Add shopping notes."));

        var result = await s.RunAsync("-p", "/commit notes only");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Committed: Add shopping notes.");
        s.Workspace.Git("log", "--format=%s", "-1").Trim().ShouldBe("Add shopping notes");
        s.Workspace.Git("show", "--name-only", "--format=", "HEAD").Trim().ShouldBe("notes.txt");
        var prompt = RequestText.FirstUser(s.Server.MessageRequests[0]);
        prompt.ShouldContain("Hint from the user about the message or scope (may be empty): notes only");
        prompt.ShouldContain("Never pass --no-verify");
        prompt.ShouldContain(".env files");
        prompt.ShouldContain("?? notes.txt");
        prompt.ShouldContain("Add the parser");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_project_command_file_of_the_same_name_replaces_the_bundled_commit()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        s.Workspace.Write(".keel/commands/commit.md", "---\ndescription: Our own commit flow\n---\nCommit with a ticket number: $ARGUMENTS");
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "/commit KEEL-7");

        result.ExitCode.ShouldBe(0, result.ToString());
        var prompt = RequestText.FirstUser(s.Server.MessageRequests.ShouldHaveSingleItem());
        prompt.ShouldContain("Commit with a ticket number: KEEL-7");
        prompt.ShouldNotContain("--no-verify");
        RequestText.System(s.Server.MessageRequests[0]).ShouldNotContain("- commit:");
    }

    [Fact]
    public async Task A_user_skill_of_the_same_name_replaces_the_bundled_review()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        var folder = Path.Combine(s.Workspace.Home, ".keel", "skills", "review");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "SKILL.md"), "---\ndescription: The team's review checklist\n---\nCheck the checklist for $ARGUMENTS.");
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "/review 12");

        result.ExitCode.ShouldBe(0, result.ToString());
        var request = s.Server.MessageRequests.ShouldHaveSingleItem();
        RequestText.FirstUser(request).ShouldContain("Check the checklist for 12.");
        RequestText.FirstUser(request).ShouldNotContain("gh pr diff");
        RequestText.System(request).ShouldContain("- review: The team's review checklist");
    }

    [Fact]
    public async Task Review_sends_the_local_diff_and_names_the_pull_request_it_was_given()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        s.Workspace.Write("parser.py", "def parse(text):\n    return text.split(',')\n");
        s.Script(
            Turn.ToolUse("Read", $$"""{"file_path":"{{s.Workspace.FullPath("parser.py")}}"}"""),
            Turn.Text("[should fix] parse() does not strip whitespace."));

        var local = await s.RunAsync("-p", "/review");
        local.ExitCode.ShouldBe(0, local.ToString());
        local.Stdout.ShouldContain("[should fix] parse() does not strip whitespace.");
        var prompt = RequestText.FirstUser(s.Server.MessageRequests[0]);
        prompt.ShouldContain("+    return text.split(',')");
        prompt.ShouldContain("Do not edit any files.");

        s.Script(Turn.Text("PR reviewed"));
        var pr = await s.RunAsync("-p", "/review 42");
        pr.ExitCode.ShouldBe(0, pr.ToString());
        var prPrompt = RequestText.FirstUser(s.Server.MessageRequests[^1]);
        prPrompt.ShouldContain("What to review: 42");
        prPrompt.ShouldContain("gh pr diff <number>");
    }

    [Fact]
    public async Task Security_review_and_pr_comments_send_their_prompts_with_the_arguments()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        s.Workspace.Write("server.py", "import os\nos.system('ping ' + host)\n");
        s.Script(Turn.Text("One finding: command injection in server.py."), Turn.Text("No comments yet."));

        var security = await s.RunAsync("-p", "/security-review shell calls");
        var comments = await s.RunAsync("-p", "/pr-comments 7");

        security.ExitCode.ShouldBe(0, security.ToString());
        security.Stdout.ShouldContain("command injection");
        var securityPrompt = RequestText.FirstUser(s.Server.MessageRequests[0]);
        securityPrompt.ShouldContain("Extra focus from the user (may be empty): shell calls");
        securityPrompt.ShouldContain("?? server.py");
        comments.ExitCode.ShouldBe(0, comments.ToString());
        var commentsPrompt = RequestText.FirstUser(s.Server.MessageRequests[1]);
        commentsPrompt.ShouldContain("Pull request: 7");
        commentsPrompt.ShouldContain("pulls/NUMBER/comments");
    }

    [Fact]
    public async Task Init_writes_an_agents_file_from_what_the_repository_holds()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        s.Script(
            Turn.ToolUse("Write", $$"""{"file_path":"{{s.Workspace.FullPath("AGENTS.md")}}","content":"# AGENTS.md\n\nTest: `python -m pytest`\n"}"""),
            Turn.Text("Wrote AGENTS.md."));

        var result = await s.RunAsync("-p", "/init", "--allowedTools", "Write");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("AGENTS.md").ShouldContain("python -m pytest");
        var prompt = RequestText.FirstUser(s.Server.MessageRequests[0]);
        prompt.ShouldContain("parser.py");
        prompt.ShouldContain("If AGENTS.md exists, improve it.");
    }

    [Fact]
    public async Task Simplify_starts_parallel_reviewers_then_applies_the_agreed_edit()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        s.Workspace.Write("parser.py", "def parse(text):\n    parts = text.split(',')\n    return parts\n");
        s.Script(
            Turn.Create()
                .ToolUse("Agent", """{"description":"duplication","prompt":"Review parser.py for duplication","subagent_type":"general-purpose"}""")
                .ToolUse("Agent", """{"description":"complexity","prompt":"Review parser.py for complexity","subagent_type":"general-purpose"}""")
                .ToolUse("Agent", """{"description":"clarity","prompt":"Review parser.py for clarity","subagent_type":"general-purpose"}"""),
            Turn.Text("1. parser.py: return the split directly."),
            Turn.Text("1. parser.py: return the split directly."),
            Turn.Text("1. parser.py: return the split directly."),
            Turn.ToolUse("Read", $$"""{"file_path":"{{s.Workspace.FullPath("parser.py")}}"}"""),
            Turn.ToolUse("Edit", $$"""{"file_path":"{{s.Workspace.FullPath("parser.py")}}","old_string":"    parts = text.split(',')\n    return parts","new_string":"    return text.split(',')"}"""),
            Turn.Text("Simplified parse()."));

        var result = await s.RunAsync("-p", "/simplify", "--allowedTools", "Edit");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("parser.py").ShouldBe("def parse(text):\n    return text.split(',')\n");
        RequestText.FirstUser(s.Server.MessageRequests[0]).ShouldContain("start three Agent calls");
        s.Server.MessageRequests.Count.ShouldBe(7);
        s.AssertInvariants();
    }

    [Fact]
    public async Task Bundled_skills_are_listed_to_the_model_and_in_the_init_message_and_load_through_the_Skill_tool()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        s.Script(Turn.ToolUse("Skill", """{"skill":"review"}"""), Turn.Text("reviewed"));

        var result = await s.RunAsync("-p", "review my change", "--output-format", "stream-json", "--verbose");

        result.ExitCode.ShouldBe(0, result.ToString());
        var init = result.Stdout.Split('\n').Where(static l => l.Length > 0).Select(static l => JsonNode.Parse(l)!)
            .First(static l => (string?)l["type"] == "system" && (string?)l["subtype"] == "init");
        var commands = init["slash_commands"]!.AsArray().Select(static c => (string?)c).ToList();
        commands.ShouldContain("commit");
        commands.ShouldContain("loop");
        commands.ShouldContain("security-review");
        init["skills"]!.AsArray().Select(static c => (string?)c).ShouldContain("simplify");
        var first = s.Server.MessageRequests[0];
        first.ToolNames.ShouldContain("Skill");
        var system = RequestText.System(first);
        system.ShouldContain("- review: Review the current changes");
        system.ShouldNotContain("- loop:");
        var loaded = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        loaded.ShouldContain("You are reviewing code changes");
        loaded.ShouldNotContain("folder=");
    }

    [Fact]
    public async Task Loop_runs_the_prompt_again_after_the_interval_until_ctrl_c()
    {
        await using var s = await Scenario.StartAsync();
        ScratchRepository(s);
        s.Script(Turn.Text("first run: build green"), Turn.Text("second run: build green"), Turn.Text("third run: build green"));

        await using var run = s.Keel.Start(["-p", "/loop 1s check the build"]);
        run.StandardInput.Close();
        await run.WaitForOutputAsync("second run: build green", TimeSpan.FromSeconds(30));
        await run.SignalAsync("INT");
        var result = await run.WaitForExitAsync(TimeSpan.FromSeconds(15));

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("first run: build green");
        var requests = s.Server.MessageRequests;
        // Ctrl+C lands during the wait after the second run (or, on a very slow machine, after a third).
        requests.Count.ShouldBeInRange(2, 3);
        result.Stderr.ShouldContain($"/loop stopped after {requests.Count} runs.");
        for (var i = 0; i < requests.Count; i++)
        {
            var last = RequestText.Content(requests[i].Messages![^1]!["content"]);
            last.ShouldContain("check the build");
            last.ShouldContain("every 1s");
            last.ShouldContain($"This is run {i + 1}.");
        }

        // Each run continues the same conversation.
        requests[1].Messages!.Count.ShouldBe(3);
        s.AssertInvariants();
    }

    [Fact]
    public async Task Loop_without_a_prompt_or_with_a_bad_interval_says_how_to_use_it()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("-p", "/loop 5x");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("Usage: /loop [interval] <prompt>");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    /// <summary>A git repository with two commits in a plain imperative style and one tracked file.</summary>
    private static void ScratchRepository(Scenario s)
    {
        s.Workspace.GitInit();
        s.Workspace.Write("README.md", "# demo\n");
        s.Workspace.Git("add", "README.md");
        s.Workspace.Git("commit", "-q", "-m", "Start the project");
        s.Workspace.Write("parser.py", "def parse(text):\n    return text\n");
        s.Workspace.Git("add", "parser.py");
        s.Workspace.Git("commit", "-q", "-m", "Add the parser");
    }
}
