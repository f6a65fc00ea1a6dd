using Keel.EndToEnd.Tests.Hooks;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Headless;

/// <summary>
/// Permission outcomes and hook runs in the stream-json shapes of the Agent SDK's types: <c>permission_denied</c>
/// for refusals nobody was asked about, <c>permission_decision</c> on each tool result, and hook events in print mode.
/// </summary>
public sealed class PermissionShapeTests
{
    [Fact]
    public async Task A_refusal_by_the_mode_is_a_permission_denied_line_and_each_result_carries_the_reference_decision()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "alpha\n");
        s.Script(
            Turn.Create()
                .ToolUse("Read", """{"file_path":"a.txt"}""")
                .ToolUse("Write", """{"file_path":"b.txt","content":"x"}"""),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "go", "--output-format", "stream-json", "--verbose", "--permission-mode", "dontAsk");

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        var denied = StreamJsonLines.OfType(lines, "system", "permission_denied").ShouldHaveSingleItem();
        denied["tool_name"]!.GetValue<string>().ShouldBe("Write");
        denied["message"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        denied["tool_use_id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var decisions = StreamJsonLines.OfType(lines, "user")
            .Select(static u => u["tool_result_meta"]![0]!["permission_decision"]!)
            .ToList();
        decisions.Count.ShouldBe(2);
        decisions.Select(static d => d["decision"]!.GetValue<string>()).Order().ShouldBe(["accept", "reject"]);
        decisions.ShouldAllBe(d => d["source"]!.GetValue<string>() == "config");
        decisions.ShouldAllBe(d => d.AsObject().ContainsKey("reason_type"));
        decisions.ShouldAllBe(d => !d.AsObject().ContainsKey("behavior"));
        s.Workspace.Exists("b.txt").ShouldBeFalse();
    }

    [Fact]
    public async Task Include_hook_events_frames_hook_runs_in_print_mode_too()
    {
        await using var s = await Scenario.StartAsync();
        var hook = HookFixture.Script(s.Workspace, ".claude", "pre.sh", """
            cat > /dev/null
            echo checked
            exit 0
            """);
        HookFixture.Settings(s.Workspace, ".claude", ("PreToolUse", "Bash", hook, null));
        s.Script(Turn.ToolUse("Bash", """{"command":"echo hi"}"""), Turn.Text("Done."));

        var with = await s.RunAsync("-p", "go", "--output-format", "stream-json", "--verbose", "--include-hook-events", "--dangerously-skip-permissions");

        with.ExitCode.ShouldBe(0, with.ToString());
        var lines = StreamJsonLines.Parse(with.Stdout).ToList();
        var started = StreamJsonLines.OfType(lines, "system", "hook_started").ShouldHaveSingleItem();
        started["hook_event"]!.GetValue<string>().ShouldBe("PreToolUse");
        started["hook_name"]!.GetValue<string>().ShouldBe("PreToolUse:Bash");
        var response = StreamJsonLines.OfType(lines, "system", "hook_response").ShouldHaveSingleItem();
        response["hook_id"]!.GetValue<string>().ShouldBe(started["hook_id"]!.GetValue<string>());
        response["outcome"]!.GetValue<string>().ShouldBe("success");
        response["stdout"]!.GetValue<string>().ShouldContain("checked");
        response["session_id"]!.GetValue<string>().ShouldBe(lines[^1]["session_id"]!.GetValue<string>());
        lines.IndexOf(started).ShouldBeGreaterThan(lines.IndexOf(StreamJsonLines.OfType(lines, "system", "init").Single()));

        s.Script(Turn.ToolUse("Bash", """{"command":"echo hi"}"""), Turn.Text("Done."));
        var without = await s.RunAsync("-p", "go", "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions");
        StreamJsonLines.OfType(StreamJsonLines.Parse(without.Stdout), "system", "hook_started").ShouldBeEmpty();
    }
}
