using Keel.EndToEnd.Tests.Hooks;
using Keel.EndToEnd.Tests.Mcp;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Settings;

/// <summary>The settings keys <c>model</c> and <c>env</c> take effect in a real run.</summary>
public sealed class SettingsModelAndEnvTests
{
    [Fact]
    public async Task Settings_model_is_used_and_the_flag_and_ANTHROPIC_MODEL_beat_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", """{"model":"claude-from-settings-1"}""");
        s.Script(Turn.Text("one"), Turn.Text("two"), Turn.Text("three"), Turn.Text("four"));

        var fromSettings = await s.RunAsync("-p", "hi");
        var fromFlag = await s.RunAsync("-p", "hi", "--model", "claude-from-flag-1");
        var fromEnv = await s.RunAsync(["-p", "hi"], env: new Dictionary<string, string?> { ["ANTHROPIC_MODEL"] = "claude-from-env-1" });
        var fromSettingsEnv = await s.RunAsync("-p", "hi", "--settings", """{"env":{"ANTHROPIC_MODEL":"claude-from-settings-env-1"}}""");

        fromSettings.ExitCode.ShouldBe(0, fromSettings.ToString());
        fromFlag.ExitCode.ShouldBe(0, fromFlag.ToString());
        fromEnv.ExitCode.ShouldBe(0, fromEnv.ToString());
        fromSettingsEnv.ExitCode.ShouldBe(0, fromSettingsEnv.ToString());
        s.Server.MessageRequests.Select(r => r.Model).ShouldBe(["claude-from-settings-1", "claude-from-flag-1", "claude-from-env-1", "claude-from-settings-env-1"]);
    }

    [Fact]
    public async Task Settings_env_reaches_bash_and_hooks()
    {
        await using var s = await Scenario.StartAsync();
        var hook = HookFixture.Script(s.Workspace, ".keel", "saw-env.sh", "echo \"hook saw $KEEL_E2E_GREETING\" > \"$KEEL_PROJECT_DIR/hook-env.txt\"");
        var settings = HookFixture.SettingsJson(("UserPromptSubmit", null, hook, null));
        settings["env"] = new System.Text.Json.Nodes.JsonObject { ["KEEL_E2E_GREETING"] = "hello-from-settings" };
        s.Workspace.Write(".keel/settings.json", settings.ToJsonString());
        s.Script(Turn.ToolUse("Bash", """{"command":"echo \"bash saw $KEEL_E2E_GREETING\""}"""), Turn.Text("done"));

        var result = await s.RunAsync("-p", "show it", "--permission-mode", "bypassPermissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("bash saw hello-from-settings");
        s.Workspace.Read("hook-env.txt").Trim().ShouldBe("hook saw hello-from-settings");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Settings_env_reaches_an_mcp_server()
    {
        await using var s = await Scenario.StartAsync();
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        await File.WriteAllTextAsync(Path.Combine(s.Workspace.ConfigDir, "settings.json"), """{"env":{"KEEL_E2E_MCP_VAR":"seen-by-the-server"}}""");
        s.Script(Turn.ToolUse("mcp__everything__get-env", "{}"), Turn.Text("done"));

        var result = await s.RunAsync(["-p", "env", "--mcp-config", McpFixtures.StdioConfig(), "--permission-mode", "bypassPermissions"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("seen-by-the-server");
    }
}
