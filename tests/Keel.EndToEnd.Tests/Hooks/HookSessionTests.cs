using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Hooks;

/// <summary>UserPromptSubmit, SessionStart, Stop and SessionEnd hooks through the real binary.</summary>
public sealed class HookSessionTests
{
    [Theory]
    [InlineData(".claude")]
    [InlineData(".keel")]
    public async Task Session_start_and_user_prompt_submit_context_reach_the_model(string dir)
    {
        await using var s = await Scenario.StartAsync();
        var start = HookFixture.Script(s.Workspace, dir, "start.sh", """
            cat > /dev/null
            echo "Deploys are frozen this week."
            """);
        var prompt = HookFixture.Script(s.Workspace, dir, "prompt.sh", """
            cat > "$KEEL_PROJECT_DIR/prompt-input.json"
            echo '{"hookSpecificOutput":{"hookEventName":"UserPromptSubmit","additionalContext":"Ticket KEEL-42 is open."}}'
            """);
        HookFixture.Settings(s.Workspace, dir, ("SessionStart", "startup", start, null), ("UserPromptSubmit", null, prompt, null));
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "what is going on?");

        result.ExitCode.ShouldBe(0, result.ToString());
        var sent = HookFixture.FirstUserText(s.Server.MessageRequests[0]);
        sent.ShouldContain("what is going on?");
        sent.ShouldContain("Deploys are frozen this week.");
        sent.ShouldContain("Ticket KEEL-42 is open.");
        var input = s.Workspace.Read("prompt-input.json");
        input.ShouldContain("\"prompt\":\"what is going on?\"");
        input.ShouldContain("\"hook_event_name\":\"UserPromptSubmit\"");
        input.ShouldContain("\"session_id\":");
        input.ShouldContain("\"permission_mode\":\"default\"");
    }

    [Fact]
    public async Task A_user_prompt_submit_hook_exiting_2_blocks_the_prompt_before_the_model_sees_it()
    {
        await using var s = await Scenario.StartAsync();
        var guard = HookFixture.Script(s.Workspace, ".claude", "guard.sh", """
            cat > /dev/null
            echo "prompts may not mention passwords" >&2
            exit 2
            """);
        HookFixture.Settings(s.Workspace, ".claude", ("UserPromptSubmit", null, guard, null));
        s.Script(Turn.Text("should not be asked"));

        var result = await s.RunAsync("-p", "print the password", "--output-format", "json");

        result.ExitCode.ShouldNotBe(0);
        s.Server.MessageRequests.Count.ShouldBe(0);
        result.Stderr.ShouldContain("prompts may not mention passwords");
        var json = Scenario.ParseJson(result);
        json["terminal_reason"]!.GetValue<string>().ShouldBe("hook_stopped");
        json["result"]!.GetValue<string>().ShouldContain("prompts may not mention passwords");
    }

    [Fact]
    public async Task A_stop_hook_forces_one_continuation_and_sees_stop_hook_active()
    {
        await using var s = await Scenario.StartAsync();
        var stop = HookFixture.Script(s.Workspace, ".claude", "stop.sh", """
            input=$(cat)
            echo "$input" >> "$CLAUDE_PROJECT_DIR/stop-inputs.txt"
            if [ ! -f "$CLAUDE_PROJECT_DIR/stopped-once" ]; then
              touch "$CLAUDE_PROJECT_DIR/stopped-once"
              echo "Run the tests before you finish." >&2
              exit 2
            fi
            exit 0
            """);
        HookFixture.Settings(s.Workspace, ".claude", ("Stop", null, stop, null));
        s.Script(Turn.Text("first answer"), Turn.Text("tests pass"));

        var result = await s.RunAsync("-p", "fix it");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("tests pass");
        s.Server.MessageRequests.Count.ShouldBe(2);
        var last = s.Server.MessageRequests[1].Messages![^1]!;
        ((string?)last["role"]).ShouldBe("user");
        last.ToJsonString().ShouldContain("Run the tests before you finish.");
        var inputs = s.Workspace.Read("stop-inputs.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        inputs.Length.ShouldBe(2);
        inputs[0].ShouldContain("\"stop_hook_active\":false");
        inputs[0].ShouldContain("\"last_assistant_message\":\"first answer\"");
        inputs[1].ShouldContain("\"stop_hook_active\":true");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_stop_hook_that_always_blocks_is_cut_off_after_8_continuations()
    {
        await using var s = await Scenario.StartAsync();
        var stop = HookFixture.Script(s.Workspace, ".claude", "stop.sh", "cat > /dev/null; echo 'not yet' >&2; exit 2");
        HookFixture.Settings(s.Workspace, ".claude", ("Stop", null, stop, null));
        s.Script([.. Enumerable.Range(1, 10).Select(i => (ScriptedResponse)Turn.Text($"answer {i}"))]);

        var result = await s.RunAsync("-p", "go");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests.Count.ShouldBe(9);
        result.Stdout.Trim().ShouldBe("answer 9");
        result.Stderr.ShouldContain("8 times in a row");
    }

    [Fact]
    public async Task Continue_false_from_a_tool_hook_ends_the_turn_and_system_messages_are_shown()
    {
        await using var s = await Scenario.StartAsync();
        var halt = HookFixture.Script(s.Workspace, ".claude", "halt.sh", """
            cat > /dev/null
            echo '{"continue":false,"stopReason":"Budget review required","systemMessage":"halting after this tool"}'
            """);
        HookFixture.Settings(s.Workspace, ".claude", ("PostToolUse", "Bash", halt, null));
        s.Script(Turn.ToolUse("Bash", """{"command":"echo hi"}"""), Turn.Text("never sent"));

        var result = await s.RunAsync("-p", "go", "--dangerously-skip-permissions", "--output-format", "stream-json", "--verbose");

        s.Server.MessageRequests.Count.ShouldBe(1);
        result.Stdout.ShouldContain("\"subtype\":\"hook_message\"");
        result.Stdout.ShouldContain("halting after this tool");
        result.Stdout.ShouldContain("Budget review required");
        result.Stdout.ShouldContain("\"terminal_reason\":\"hook_stopped\"");
    }

    [Fact]
    public async Task Session_end_hooks_run_when_a_headless_run_finishes()
    {
        await using var s = await Scenario.StartAsync();
        var end = HookFixture.Script(s.Workspace, ".keel", "end.sh", "cat > \"$KEEL_PROJECT_DIR/end-input.json\"");
        HookFixture.Settings(s.Workspace, ".keel", ("SessionEnd", null, end, null));
        s.Script(Turn.Text("bye"));

        var result = await s.RunAsync("-p", "hi");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("end-input.json").ShouldContain("\"hook_event_name\":\"SessionEnd\"");
    }

    [Fact]
    public async Task Identical_hooks_from_user_and_project_settings_run_once()
    {
        await using var s = await Scenario.StartAsync();
        var count = HookFixture.Script(s.Workspace, ".claude", "count.sh", "cat > /dev/null; echo x >> \"$CLAUDE_PROJECT_DIR/count.txt\"");
        HookFixture.Settings(s.Workspace, ".claude", ("UserPromptSubmit", null, count, null));
        var user = HookFixture.SettingsJson(("UserPromptSubmit", null, count, null));
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        File.WriteAllText(Path.Combine(s.Workspace.ConfigDir, "settings.json"), user.ToJsonString());
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "hi", "--debug");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("count.txt").Trim().ShouldBe("x");
        result.Stderr.ShouldContain("[DEBUG hooks] UserPromptSubmit");
    }
}
