using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

public sealed class PermissionTests
{
    [Fact]
    public async Task Default_mode_denies_bash_with_a_result_the_model_can_read()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"touch created.txt"}"""), Turn.Text("I could not run it."));

        var result = await s.RunAsync("-p", "make a file", "--output-format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("created.txt").ShouldBeFalse();
        var toolResult = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        toolResult["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(toolResult).ShouldContain("denied");
        var json = Scenario.ParseJson(result);
        json["permission_denials"]![0]!["tool_name"]!.GetValue<string>().ShouldBe("Bash");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Default_mode_denies_edits_and_accept_edits_allows_them()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Write", """{"file_path":"new.txt","content":"hello"}"""), Turn.Text("denied"),
            Turn.ToolUse("Write", """{"file_path":"new.txt","content":"hello"}"""), Turn.Text("written"));

        await s.RunAsync("-p", "write it");
        s.Workspace.Exists("new.txt").ShouldBeFalse();

        var allowed = await s.RunAsync("-p", "write it", "--permission-mode", "acceptEdits");
        allowed.ExitCode.ShouldBe(0, allowed.ToString());
        s.Workspace.Read("new.txt").ShouldBe("hello");
    }

    [Fact]
    public async Task Accept_edits_does_not_reach_outside_the_project()
    {
        await using var s = await Scenario.StartAsync();
        var outside = Path.Combine(s.Workspace.Home, "outside.txt");
        s.Script(Turn.ToolUse("Write", $$"""{"file_path":"{{outside}}","content":"x"}"""), Turn.Text("ok"));

        var result = await s.RunAsync("-p", "write outside", "--permission-mode", "acceptEdits");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(outside).ShouldBeFalse();
    }

    [Fact]
    public async Task A_bash_allow_rule_does_not_stretch_over_a_chained_command()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"echo safe && touch pwned.txt"}"""), Turn.Text("ok"));

        await s.RunAsync("-p", "go", "--allowedTools", "Bash(echo:*)");

        s.Workspace.Exists("pwned.txt").ShouldBeFalse();
    }

    [Fact]
    public async Task A_bare_disallowed_tool_is_not_offered_and_bypass_still_respects_deny()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"rm -f keep.txt"}"""), Turn.Text("ok"));
        s.Workspace.Write("keep.txt", "keep");

        var result = await s.RunAsync("-p", "go", "--dangerously-skip-permissions", "--disallowedTools", "Bash(rm:*)", "Write");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("keep.txt").ShouldBeTrue();
        s.Server.MessageRequests[0].ToolNames.ShouldNotContain("Write");
        s.Server.MessageRequests[0].ToolNames.ShouldContain("Bash");
    }
}
