using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Agents;

public sealed class SubagentTests
{
    [Fact]
    public async Task Two_agent_calls_in_one_response_run_as_children_and_both_results_return_in_order()
    {
        await using var s = await Scenario.StartAsync();
        s.Server.SetResponder(request => FirstUserText(request) switch
        {
            var t when t.Contains("TASK-A", StringComparison.Ordinal) => Turn.Text("alpha lives in a.txt"),
            var t when t.Contains("TASK-B", StringComparison.Ordinal) => Turn.Text("beta lives in b.txt"),
            _ when request.Messages!.Count == 1 => Turn
                .ToolUse("Agent", """{"description":"Find alpha","prompt":"TASK-A: find alpha","subagent_type":"Explore"}""")
                .ToolUse("Agent", """{"description":"Find beta","prompt":"TASK-B: find beta"}"""),
            _ => Turn.Text("Both found."),
        });

        var result = await s.RunAsync("-p", "find alpha and beta", "--output-format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(4);
        var explore = requests.Single(r => FirstUserText(r).Contains("TASK-A", StringComparison.Ordinal));
        var general = requests.Single(r => FirstUserText(r).Contains("TASK-B", StringComparison.Ordinal));

        // Depth limit: neither child is offered the Agent tool; Explore is read-only and on the fast model.
        explore.ToolNames.ShouldNotContain("Agent");
        general.ToolNames.ShouldNotContain("Agent");
        explore.ToolNames.ShouldNotContain("Write");
        explore.ToolNames.ShouldNotContain("Edit");
        general.ToolNames.ShouldContain("Write");
        explore.Model.ShouldBe("claude-haiku-5-5");
        requests[0].ToolNames.ShouldContain("Agent");

        var results = Scenario.LastToolResults(requests[^1]);
        results.Count.ShouldBe(2);
        Scenario.ResultText(results[0]).ShouldContain("alpha lives in a.txt");
        Scenario.ResultText(results[1]).ShouldContain("beta lives in b.txt");

        // Cost roll-up: the children's requests count in the session's usage and cost.
        var json = Scenario.ParseJson(result);
        var usage = json["modelUsage"]!.AsObject();
        usage.ContainsKey("claude-haiku-5-5").ShouldBeTrue(json.ToJsonString());
        var total = usage.Sum(m => (decimal)m.Value!["costUSD"]!.GetValue<double>());
        json["total_cost_usd"]!.GetValue<decimal>().ShouldBe(total, 0.0000001m);
        usage["claude-sonnet-5-5"]!["inputTokens"]!.GetValue<long>().ShouldBeGreaterThan(usage["claude-haiku-5-5"]!["inputTokens"]!.GetValue<long>());
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_pre_tool_use_hook_blocks_a_subagents_bash_call_and_sees_the_agent_id()
    {
        await using var s = await Scenario.StartAsync();
        var guard = Hooks.HookFixture.Script(s.Workspace, ".claude", "guard.sh", """
            input=$(cat)
            printf '%s' "$input" > "$CLAUDE_PROJECT_DIR/hook-input.json"
            case "$input" in
              *'"agent_id"'*) echo "subagents may not run Bash here" >&2; exit 2 ;;
            esac
            exit 0
            """);
        Hooks.HookFixture.Settings(s.Workspace, ".claude", ("PreToolUse", "Bash", guard, null));
        s.Script(
            Turn.ToolUse("Agent", """{"description":"Make a file","prompt":"CHILD: touch it","subagent_type":"general-purpose"}"""),
            Turn.ToolUse("Bash", """{"command":"touch from-subagent.txt"}"""),
            Turn.Text("The hook stopped me."),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "delegate", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("from-subagent.txt").ShouldBeFalse();
        var requests = s.Server.MessageRequests;
        var refusal = Scenario.LastToolResults(requests[2]).Single();
        refusal["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(refusal).ShouldContain("subagents may not run Bash here");
        var input = JsonNode.Parse(s.Workspace.Read("hook-input.json"))!;
        input["tool_name"]!.GetValue<string>().ShouldBe("Bash");
        input["agent_type"]!.GetValue<string>().ShouldBe("general-purpose");
        input["agent_id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        s.AssertInvariants();
    }

    [Fact]
    public async Task Explore_cannot_write_even_when_it_asks_and_its_side_chain_transcript_is_written()
    {
        await using var s = await Scenario.StartAsync();
        var target = s.Workspace.FullPath("hacked.txt");
        s.Script(
            Turn.ToolUse("Agent", """{"description":"Look around","prompt":"CHILD: explore","subagent_type":"Explore"}"""),
            Turn.ToolUse("Write", $$"""{"file_path":"{{target}}","content":"nope"}"""),
            Turn.Text("I could not write."),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "explore", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(target).ShouldBeFalse();
        var requests = s.Server.MessageRequests;
        var refusal = Scenario.ResultText(Scenario.LastToolResults(requests[2]).Single());
        refusal.ShouldContain("No such tool: Write");
        Scenario.ResultText(Scenario.LastToolResults(requests[3]).Single()).ShouldContain("I could not write.");

        var sidechains = Directory.GetFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), "agent-*.jsonl", SearchOption.AllDirectories);
        var file = sidechains.ShouldHaveSingleItem();
        Path.GetFileName(Path.GetDirectoryName(file)).ShouldBe("subagents");
        var lines = File.ReadAllLines(file).Select(l => JsonNode.Parse(l)!).ToList();
        lines.ShouldAllBe(l => l["isSidechain"]!.GetValue<bool>() && (string?)l["agentType"] == "Explore");
        lines.ShouldContain(l => (string?)l["type"] == "assistant");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_background_agent_result_reaches_the_parent_as_a_notification()
    {
        await using var s = await Scenario.StartAsync();
        s.Server.SetResponder(request =>
        {
            var first = FirstUserText(request);
            if (first.Contains("BG-TASK", StringComparison.Ordinal))
            {
                return Turn.Text("background answer 42");
            }

            var body = request.BodyText;
            if (body.Contains("task-notification", StringComparison.Ordinal))
            {
                return Turn.Text("The background agent said 42.");
            }

            return request.Messages!.Count == 1
                ? Turn.ToolUse("Agent", """{"description":"Work alone","prompt":"BG-TASK: compute","run_in_background":true}""")
                : Turn.Text("Started it.");
        });

        var result = await s.RunAsync("-p", "start a background agent");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("The background agent said 42.");
        var requests = s.Server.MessageRequests;
        var started = requests.First(r => r.Messages!.Count == 3 && !FirstUserText(r).Contains("BG-TASK", StringComparison.Ordinal));
        Scenario.ResultText(Scenario.LastToolResults(started).Single()).ShouldContain("agent_1");
        var notified = requests.Single(r => r.BodyText.Contains("task-notification", StringComparison.Ordinal));
        notified.BodyText.ShouldContain("background answer 42");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Custom_agents_from_claude_and_keel_folders_are_offered_and_run_with_their_prompt_and_tools()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".claude/agents/reviewer.md", """
            ---
            name: reviewer
            description: Reviews code for bugs
            tools: Read, Grep
            model: opus
            ---
            REVIEWER-PROMPT: you review code carefully.
            """);
        s.Workspace.Write(".keel/agents/nested/tester.md", """
            ---
            name: tester
            description: "Writes tests"
            tools:
              - Read
              - Write
            ---
            TESTER-PROMPT
            """);
        s.Workspace.Write(".claude/agents/broken.md", "no front matter here");
        s.Script(
            Turn.ToolUse("Agent", """{"description":"Review","prompt":"REVIEW-CHILD","subagent_type":"reviewer"}"""),
            Turn.Text("No bugs."),
            Turn.Text("Reviewed."));

        var result = await s.RunAsync("-p", "review");

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        var agentTool = requests[0].Tools!.Single(t => (string?)t!["name"] == "Agent")!;
        var description = (string)agentTool["description"]!;
        description.ShouldContain("- reviewer: Reviews code for bugs");
        description.ShouldContain("- tester: Writes tests");
        description.ShouldContain("- Explore:");
        description.IndexOf("- Explore:", StringComparison.Ordinal).ShouldBeLessThan(description.IndexOf("- reviewer:", StringComparison.Ordinal));

        var child = requests[1];
        child.System!.ToJsonString().ShouldContain("REVIEWER-PROMPT");
        child.ToolNames.OrderBy(n => n, StringComparer.Ordinal).ShouldBe(["Grep", "Read"]);
        child.Model.ShouldBe("claude-opus-5-5");
        s.AssertInvariants();
    }

    [Fact]
    public async Task The_main_thread_runs_as_the_agent_named_by_agent_from_agents_json()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Hi from the linter."));

        var result = await s.RunAsync("-p", "lint", "--agents", """{"linter":{"description":"Lints","prompt":"LINTER-PROMPT","tools":["Read","Glob"]}}""", "--agent", "linter");

        result.ExitCode.ShouldBe(0, result.ToString());
        var request = s.Server.MessageRequests.Single();
        request.System!.ToJsonString().ShouldContain("LINTER-PROMPT");
        request.ToolNames.OrderBy(n => n, StringComparer.Ordinal).ShouldBe(["Glob", "Read"]);
    }

    private static string FirstUserText(RecordedRequest request) => request.Messages![0]!["content"]!.ToJsonString();
}
