using System.Text.Json.Nodes;
using Keel.EndToEnd.Tests.Commands;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Hooks;

/// <summary>Prompt and agent handlers, async, once, CLAUDE_ENV_FILE and PermissionRequest's updatedPermissions, end to end.</summary>
public sealed class HookHandlerKindsTests
{
    [Fact]
    public async Task A_prompt_hook_whose_model_says_no_blocks_the_call_with_its_reason()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("keep.txt", "keep");
        WriteHooks(s, "PreToolUse", "Bash", new JsonObject
        {
            ["type"] = "prompt",
            ["prompt"] = "Allow this only if it deletes nothing. Call: $ARGUMENTS",
        });
        s.Script(
            Turn.ToolUse("Bash", """{"command":"rm -f keep.txt"}"""),
            Turn.Text("""{"ok": false, "reason": "the command deletes keep.txt"}"""),
            Turn.Text("I was not allowed to delete it."));

        var result = await s.RunAsync("-p", "clean up", "--dangerously-skip-permissions", "--debug", "hooks");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("keep.txt").ShouldBeTrue();
        var question = s.Server.MessageRequests[1];
        RequestText.System(question).ShouldContain("Reply with one JSON object");
        var asked = RequestText.FirstUser(question);
        asked.ShouldContain("Allow this only if it deletes nothing. Call: {");
        asked.ShouldContain("\"tool_name\":\"Bash\"");
        asked.ShouldContain("rm -f keep.txt");
        (question.Json!["model"]?.GetValue<string>() ?? string.Empty).ShouldContain("haiku");
        var toolResult = Scenario.LastToolResults(s.Server.MessageRequests[2]).Single();
        toolResult["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(toolResult).ShouldContain("the command deletes keep.txt");
        result.Stderr.ShouldContain("[DEBUG hooks] PreToolUse [Bash] prompt: Allow this only");
        result.Stderr.ShouldContain("-> block");
    }

    [Fact]
    public async Task A_prompt_hook_whose_model_says_yes_lets_the_call_run()
    {
        await using var s = await Scenario.StartAsync();
        WriteHooks(s, "PreToolUse", "Bash", new JsonObject { ["type"] = "prompt", ["prompt"] = "Is this harmless?" });
        s.Script(
            Turn.ToolUse("Bash", """{"command":"echo hi > made.txt"}"""),
            Turn.Text("""Sure. {"ok": true}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "make it", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("made.txt").Trim().ShouldBe("hi");
        // Without $ARGUMENTS the input is appended to the question.
        RequestText.FirstUser(s.Server.MessageRequests[1]).ShouldContain("Is this harmless?\n\nEvent input:\n{");
    }

    [Fact]
    public async Task A_prompt_hook_whose_model_answers_nonsense_or_hangs_is_reported_and_never_blocks()
    {
        await using var s = await Scenario.StartAsync();
        WriteHooks(s, "PreToolUse", "Bash", new JsonObject { ["type"] = "prompt", ["prompt"] = "Is this safe?", ["timeout"] = 2 });
        s.Script(
            Turn.ToolUse("Bash", """{"command":"echo one > one.txt"}"""),
            Turn.Text("I cannot tell."),
            Turn.ToolUse("Bash", """{"command":"echo two > two.txt"}"""),
            Turn.Text("""{"ok": false, "reason": "too late"}""").StallAfterEvents(1, TimeSpan.FromSeconds(60)),
            Turn.Text("Both ran."));

        var result = await s.RunAsync("-p", "make both", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("one.txt").Trim().ShouldBe("one");
        s.Workspace.Read("two.txt").Trim().ShouldBe("two");
        result.Stderr.ShouldContain("PreToolUse hook prompt: Is this safe? the model did not answer with {\"ok\": ...}: I cannot tell.");
        result.Stderr.ShouldContain("PreToolUse hook prompt: Is this safe? timed out");
        result.Stdout.ShouldContain("Both ran.");
    }

    [Fact]
    public async Task An_agent_hook_reads_a_file_with_a_read_only_subagent_and_blocks_on_its_answer()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("POLICY.md", "No network calls from scripts.");
        WriteHooks(s, "PreToolUse", "Bash", new JsonObject { ["type"] = "agent", ["prompt"] = "Check the call against POLICY.md: $ARGUMENTS" });
        s.Script(
            Turn.ToolUse("Bash", """{"command":"curl -s example.invalid > page.html"}"""),
            Turn.ToolUse("Read", $$"""{"file_path":"{{s.Workspace.FullPath("POLICY.md")}}"}"""),
            Turn.Text("""{"ok": false, "reason": "POLICY.md forbids network calls"}"""),
            Turn.Text("Blocked by policy."));

        var result = await s.RunAsync("-p", "fetch the page", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("page.html").ShouldBeFalse();
        var agent = s.Server.MessageRequests[1];
        agent.ToolNames.ShouldContain("Read");
        agent.ToolNames.ShouldNotContain("Write");
        agent.ToolNames.ShouldNotContain("Edit");
        RequestText.FirstUser(agent).ShouldContain("Check the call against POLICY.md:");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[2]).Single()).ShouldContain("No network calls from scripts.");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[3]).Single()).ShouldContain("POLICY.md forbids network calls");
    }

    [Fact]
    public async Task An_async_hook_does_not_delay_the_turn_and_finishes_before_keel_exits()
    {
        await using var s = await Scenario.StartAsync();
        var slow = HookFixture.Script(s.Workspace, ".claude", "slow.sh", """
            cat > /dev/null
            while [ ! -e "$CLAUDE_PROJECT_DIR/release" ]; do sleep 0.05; done
            echo finished > "$CLAUDE_PROJECT_DIR/hook-done"
            """);
        WriteHooks(s, "PostToolUse", "Bash", new JsonObject { ["type"] = "command", ["command"] = slow, ["async"] = true });
        s.Script(Turn.ToolUse("Bash", """{"command":"echo built"}"""), Turn.Text("The build ran."));

        await using var run = s.Keel.Start(["-p", "build it", "--dangerously-skip-permissions", "--debug", "hooks"]);
        run.StandardInput.Close();
        await run.WaitForOutputAsync("The build ran.", TimeSpan.FromSeconds(30));

        // The answer is out while the hook still waits for the file this test has not created yet.
        s.Server.MessageRequests.Count.ShouldBe(2);
        s.Workspace.Exists("hook-done").ShouldBeFalse();
        run.HasExited.ShouldBeFalse();
        s.Workspace.Write("release", "go");
        var result = await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("hook-done").Trim().ShouldBe("finished");
        result.Stderr.ShouldContain("[DEBUG hooks] PostToolUse [Bash]");
        result.Stderr.ShouldContain("-> async");
    }

    [Fact]
    public async Task An_async_rewake_hook_that_exits_2_after_the_turn_wakes_the_model_with_its_stderr()
    {
        await using var s = await Scenario.StartAsync();
        // The lint hook finishes only once the turn has ended (the Stop hook releases it), so its note cannot ride along
        // with a request the turn would send anyway: only a wake-up brings it to the model.
        var lint = HookFixture.Script(s.Workspace, ".claude", "lint.sh", """
            cat > /dev/null
            while [ ! -e "$CLAUDE_PROJECT_DIR/turn-ended" ]; do sleep 0.05; done
            echo "lint: 2 errors in app.js" >&2
            exit 2
            """);
        var stop = HookFixture.Script(s.Workspace, ".claude", "stop.sh", """
            cat > /dev/null
            touch "$CLAUDE_PROJECT_DIR/turn-ended"
            """);
        s.Workspace.Write(".claude/settings.json", new JsonObject
        {
            ["hooks"] = new JsonObject
            {
                ["PostToolUse"] = new JsonArray(new JsonObject
                {
                    ["matcher"] = "Bash",
                    ["hooks"] = new JsonArray(new JsonObject { ["type"] = "command", ["command"] = lint, ["asyncRewake"] = true }),
                }),
                ["Stop"] = new JsonArray(new JsonObject { ["hooks"] = new JsonArray(new JsonObject { ["type"] = "command", ["command"] = stop }) }),
            },
        }.ToJsonString());
        s.Script(
            Turn.ToolUse("Bash", """{"command":"echo built"}"""),
            Turn.Text("Built."),
            Turn.Text("Fixing the 2 lint errors."));

        var result = await s.RunAsync("-p", "build it", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests.Count.ShouldBe(3);
        s.Server.MessageRequests[1].BodyText.ShouldNotContain("lint: 2 errors");
        var woken = s.Server.MessageRequests[2];
        RequestText.Content(woken.Json!["messages"]!.AsArray()[^1]!["content"]).ShouldContain("lint: 2 errors in app.js");
        result.Stdout.ShouldContain("Fixing the 2 lint errors.");
    }

    [Fact]
    public async Task A_once_hook_runs_for_the_first_call_only()
    {
        await using var s = await Scenario.StartAsync();
        var count = HookFixture.Script(s.Workspace, ".claude", "count.sh", """
            cat > /dev/null
            echo ran >> "$CLAUDE_PROJECT_DIR/runs.txt"
            """);
        WriteHooks(s, "PreToolUse", "Bash", new JsonObject { ["type"] = "command", ["command"] = count, ["once"] = true });
        s.Script(
            Turn.ToolUse("Bash", """{"command":"echo one"}"""),
            Turn.ToolUse("Bash", """{"command":"echo two"}"""),
            Turn.ToolUse("Bash", """{"command":"echo three"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "go", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("runs.txt").ShouldBe("ran\n");
    }

    [Fact]
    public async Task Variables_a_session_start_hook_writes_to_CLAUDE_ENV_FILE_reach_later_Bash_calls()
    {
        await using var s = await Scenario.StartAsync();
        var setup = HookFixture.Script(s.Workspace, ".claude", "env.sh", """
            cat > /dev/null
            echo 'export GREETING="hello from the hook"' >> "$CLAUDE_ENV_FILE"
            echo 'TOOLCHAIN=/opt/tool' >> "$CLAUDE_ENV_FILE"
            """);
        WriteHooks(s, "SessionStart", null, new JsonObject { ["type"] = "command", ["command"] = setup });
        s.Script(Turn.ToolUse("Bash", """{"command":"echo \"$GREETING at $TOOLCHAIN\" > env.txt"}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "show the env", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("env.txt").Trim().ShouldBe("hello from the hook at /opt/tool");
    }

    [Fact]
    public async Task Rules_a_permission_request_hook_adds_are_saved_and_allow_the_next_session_without_it()
    {
        await using var s = await Scenario.StartAsync();
        var approve = HookFixture.Script(s.Workspace, ".claude", "approve.sh", """
            cat > /dev/null
            echo '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow","updatedPermissions":[{"type":"addRules","rules":[{"toolName":"Bash","ruleContent":"touch:*"}],"behavior":"allow","destination":"localSettings"}]}}}'
            """);
        WriteHooks(s, "PermissionRequest", "Bash", new JsonObject { ["type"] = "command", ["command"] = approve });
        s.Script(Turn.ToolUse("Bash", """{"command":"touch first.txt"}"""), Turn.Text("made"));

        var first = await s.RunAsync("-p", "make a file");

        first.ExitCode.ShouldBe(0, first.ToString());
        s.Workspace.Exists("first.txt").ShouldBeTrue();
        s.Workspace.Read(".keel/settings.local.json").ShouldContain("Bash(touch:*)");

        // The hook is gone; the saved rule alone allows the same kind of call.
        File.Delete(s.Workspace.FullPath(".claude/settings.json"));
        s.Script(Turn.ToolUse("Bash", """{"command":"touch second.txt"}"""), Turn.Text("made again"));
        var second = await s.RunAsync("-p", "make another");

        second.ExitCode.ShouldBe(0, second.ToString());
        s.Workspace.Exists("second.txt").ShouldBeTrue();
    }

    [Fact]
    public async Task A_status_message_is_part_of_the_stream_json_hook_event()
    {
        await using var s = await Scenario.StartAsync();
        var check = HookFixture.Script(s.Workspace, ".claude", "check.sh", "cat > /dev/null");
        WriteHooks(s, "PreToolUse", "Bash", new JsonObject { ["type"] = "command", ["command"] = check, ["statusMessage"] = "Checking the command…" });
        s.Script(Turn.ToolUse("Bash", """{"command":"echo ok"}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "go", "--dangerously-skip-permissions", "--output-format", "stream-json", "--verbose", "--include-hook-events");

        result.ExitCode.ShouldBe(0, result.ToString());
        var started = result.Stdout.Split('\n').Where(static l => l.Length > 0).Select(static l => JsonNode.Parse(l)!)
            .Single(static l => (string?)l["subtype"] == "hook_started" && (string?)l["hook_event"] == "PreToolUse");
        ((string?)started["status_message"]).ShouldBe("Checking the command…");
    }

    private static void WriteHooks(Scenario s, string hookEvent, string? matcher, JsonObject handler)
    {
        var group = new JsonObject { ["hooks"] = new JsonArray(handler) };
        if (matcher is not null)
        {
            group["matcher"] = matcher;
        }

        s.Workspace.Write(".claude/settings.json", new JsonObject { ["hooks"] = new JsonObject { [hookEvent] = new JsonArray(group) } }.ToJsonString());
    }
}
