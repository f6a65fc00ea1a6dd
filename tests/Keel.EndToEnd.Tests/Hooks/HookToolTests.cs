using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Hooks;

/// <summary>PreToolUse and PostToolUse hooks written as real bash scripts, from .claude/ and .keel/ alike.</summary>
public sealed class HookToolTests
{
    [Theory]
    [InlineData(".claude")]
    [InlineData(".keel")]
    public async Task A_pre_tool_use_hook_exiting_2_blocks_the_call_and_the_model_reads_its_stderr(string dir)
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("keep.txt", "keep");
        var guard = HookFixture.Script(s.Workspace, dir, "guard.sh", """
            input=$(cat)
            case "$input" in
              *'rm '*) echo "rm is forbidden in this repository" >&2; exit 2 ;;
            esac
            exit 0
            """);
        HookFixture.Settings(s.Workspace, dir, ("PreToolUse", "Bash", guard, null));
        s.Script(Turn.ToolUse("Bash", """{"command":"rm -f keep.txt"}"""), Turn.Text("blocked"));

        var result = await s.RunAsync("-p", "clean up", "--dangerously-skip-permissions", "--debug", "hooks");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("keep.txt").ShouldBeTrue();
        var toolResult = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        toolResult["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(toolResult).ShouldContain("rm is forbidden in this repository");
        result.Stderr.ShouldContain("[DEBUG hooks] PreToolUse [Bash]");
        result.Stderr.ShouldContain("exit 2");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_pre_tool_use_hook_denies_through_json_and_an_unmatched_tool_is_not_hooked()
    {
        await using var s = await Scenario.StartAsync();
        var deny = HookFixture.Script(s.Workspace, ".claude", "deny.sh", """
            cat > /dev/null
            echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"writes go through review"}}'
            """);
        HookFixture.Settings(s.Workspace, ".claude", ("PreToolUse", "Write|Edit", deny, null));
        s.Script(
            Turn.ToolUse("Write", """{"file_path":"a.txt","content":"x"}"""),
            Turn.ToolUse("Bash", """{"command":"echo fine > b.txt"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "go", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("a.txt").ShouldBeFalse();
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("writes go through review");
        s.Workspace.Read("b.txt").Trim().ShouldBe("fine");
    }

    [Fact]
    public async Task A_pre_tool_use_hook_allow_cannot_override_a_deny_rule()
    {
        await using var s = await Scenario.StartAsync();
        var allow = HookFixture.Script(s.Workspace, ".claude", "allow.sh", """
            cat > /dev/null
            echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow"}}'
            """);
        HookFixture.Settings(s.Workspace, ".claude", ("PreToolUse", "*", allow, null));
        s.Script(Turn.ToolUse("Bash", """{"command":"touch denied.txt"}"""), Turn.ToolUse("Bash", """{"command":"touch allowed.txt"}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "go", "--disallowedTools", "Bash(touch denied.txt)");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("denied.txt").ShouldBeFalse();

        // Without the hook, default mode would ask (and headless denies); the hook's allow answers that.
        s.Workspace.Exists("allowed.txt").ShouldBeTrue();
    }

    [Fact]
    public async Task A_permission_request_hook_answers_the_prompt_a_headless_run_would_deny()
    {
        await using var s = await Scenario.StartAsync();
        var approve = HookFixture.Script(s.Workspace, ".claude", "approve.sh", """
            input=$(cat)
            case "$input" in
              *'touch approved.txt'*) echo '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}' ;;
              *) echo '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"deny","message":"only approved.txt"}}}' ;;
            esac
            """);
        HookFixture.Settings(s.Workspace, ".claude", ("PermissionRequest", "Bash", approve, null));
        s.Script(Turn.ToolUse("Bash", """{"command":"touch approved.txt"}"""), Turn.ToolUse("Bash", """{"command":"touch other.txt"}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "go");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("approved.txt").ShouldBeTrue();
        s.Workspace.Exists("other.txt").ShouldBeFalse();
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[2]).Single()).ShouldContain("only approved.txt");
    }

    [Theory]
    [InlineData(".claude")]
    [InlineData(".keel")]
    public async Task A_pre_tool_use_hook_rewrites_the_input_with_updated_input(string dir)
    {
        await using var s = await Scenario.StartAsync();
        var rewrite = HookFixture.Script(s.Workspace, dir, "rewrite.sh", """
            cat > /dev/null
            echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","updatedInput":{"command":"echo rewritten > out.txt"}}}'
            """);
        HookFixture.Settings(s.Workspace, dir, ("PreToolUse", "Bash", rewrite, null));
        s.Script(Turn.ToolUse("Bash", """{"command":"echo original > out.txt"}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "go", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("out.txt").Trim().ShouldBe("rewritten");
    }

    [Fact]
    public async Task Post_tool_use_feedback_reaches_the_model_and_the_hook_sees_the_tool_response()
    {
        await using var s = await Scenario.StartAsync();
        var post = HookFixture.Script(s.Workspace, ".claude", "post.sh", """
            cat > "$CLAUDE_PROJECT_DIR/post-input.json"
            echo "lint found 3 problems" >&2
            exit 2
            """);
        HookFixture.Settings(s.Workspace, ".claude", ("PostToolUse", "Bash", post, null));
        s.Script(Turn.ToolUse("Bash", """{"command":"echo built"}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "go", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        var text = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        text.ShouldContain("built");
        text.ShouldContain("lint found 3 problems");
        var input = s.Workspace.Read("post-input.json");
        input.ShouldContain("\"hook_event_name\":\"PostToolUse\"");
        input.ShouldContain("\"tool_response\"");
        input.ShouldContain("built");
    }

    [Fact]
    public async Task Hooks_that_time_out_crash_or_print_invalid_json_are_reported_and_never_block()
    {
        await using var s = await Scenario.StartAsync();
        var slow = HookFixture.Script(s.Workspace, ".claude", "slow.sh", "sleep 60");
        var crash = HookFixture.Script(s.Workspace, ".claude", "crash.sh", "echo 'boom: the hook crashed' >&2; exit 1");
        var garbage = HookFixture.Script(s.Workspace, ".claude", "garbage.sh", "echo '{not json'");
        HookFixture.Settings(s.Workspace, ".claude", ("PreToolUse", "Bash", slow, 1), ("PreToolUse", "Bash", crash, null), ("PreToolUse", "Bash", garbage, null));
        s.Script(Turn.ToolUse("Bash", """{"command":"echo ran > ran.txt"}"""), Turn.Text("done"));

        var started = DateTime.UtcNow;
        var result = await s.RunAsync("-p", "go", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(20));
        s.Workspace.Read("ran.txt").Trim().ShouldBe("ran");
        result.Stderr.ShouldContain("timed out");
        result.Stderr.ShouldContain("boom: the hook crashed");
        result.Stderr.ShouldContain("invalid JSON");

        var transcript = Directory.EnumerateFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), "*.jsonl", SearchOption.AllDirectories).Single();
        var hookLines = File.ReadAllLines(transcript).Where(l => l.Contains("\"type\":\"hook\"", StringComparison.Ordinal)).ToList();
        hookLines.Count.ShouldBe(3);
        hookLines.ShouldContain(l => l.Contains("\"exitCode\":1", StringComparison.Ordinal) && l.Contains("\"decision\":\"error\"", StringComparison.Ordinal));
    }
}
