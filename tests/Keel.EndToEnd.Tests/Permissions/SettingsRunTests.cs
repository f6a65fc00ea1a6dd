using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Permissions;

public sealed class SettingsRunTests
{
    [Fact]
    public async Task A_project_allow_rule_lets_edit_run_headless_in_default_mode()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write(".claude/settings.json", """{"permissions":{"allow":["Edit(src/**)"]}}""");
        s.Workspace.Write("src/app.txt", "old");
        s.Script(
            Turn.ToolUse("Read", """{"file_path":"src/app.txt"}"""),
            Turn.ToolUse("Edit", """{"file_path":"src/app.txt","old_string":"old","new_string":"new"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "edit it", "--output-format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("src/app.txt").ShouldBe("new");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_user_deny_rule_blocks_reading_a_secret_and_is_cited()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write(".env", "TOKEN=hunter2");
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        await File.WriteAllTextAsync(Path.Combine(s.Workspace.ConfigDir, "settings.json"), """{"permissions":{"deny":["Read(.env)"]}}""");
        s.Script(Turn.ToolUse("Read", """{"file_path":".env"}"""), Turn.Text("could not read it"));

        var result = await s.RunAsync("-p", "read the env", "--output-format", "json", "--permission-mode", "bypassPermissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        var toolResult = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        var text = Scenario.ResultText(toolResult);
        text.ShouldContain("Read(.env)");
        text.ShouldNotContain("hunter2");
        Scenario.ParseJson(result)["permission_denials"]![0]!["tool_name"]!.GetValue<string>().ShouldBe("Read");
    }

    [Fact]
    public async Task A_malformed_settings_file_warns_with_path_and_line_and_does_not_widen()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        var path = s.Workspace.Write(".claude/settings.json", "{\n  \"permissions\": {\n    \"allow\": [\"Write\"],\n    \"defaultMode\": 3\n  }\n}");
        s.Script(Turn.ToolUse("Write", """{"file_path":"new.txt","content":"x"}"""), Turn.Text("denied"));

        var result = await s.RunAsync("-p", "write", "--output-format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldContain($"{path}:4:");
        s.Workspace.Exists("new.txt").ShouldBeFalse();
    }

    [Fact]
    public async Task Inline_settings_flag_adds_rules_and_prompt_tool_is_refused_clearly()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Write", """{"file_path":"new.txt","content":"x"}"""), Turn.Text("ok"));

        var result = await s.RunAsync("-p", "write", "--settings", """{"permissions":{"allow":["Write"]}}""");
        var refused = await s.RunAsync("-p", "write", "--permission-prompt-tool", "mcp__auth__prompt");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("new.txt").ShouldBe("x");
        refused.ExitCode.ShouldNotBe(0);
        refused.Stderr.ShouldContain("no connected MCP server offers that tool");
    }
}
