using Keel.Core.Hooks;
using Keel.Tests.Core.Settings;

namespace Keel.Tests.Hooks;

public sealed class HookConfigurationTests
{
    private const string ProjectHooks = """
        { "hooks": { "PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "project.sh", "timeout": 5 } ] } ] } }
        """;

    private const string UserHooks = """
        { "hooks": { "PreToolUse": [ { "matcher": "Write", "hooks": [ { "type": "command", "command": "user.sh" } ] } ],
                     "Stop": [ { "hooks": [ { "type": "http", "url": "http://127.0.0.1:9/stop", "allowedEnvVars": ["TOKEN"] } ] } ] } }
        """;

    [Fact]
    public void Hooks_from_every_layer_are_concatenated()
    {
        using var sandbox = new SettingsSandbox();
        sandbox.Write(".claude/settings.json", ProjectHooks);
        sandbox.Write(Path.Combine(sandbox.KeelConfig, "settings.json"), UserHooks);
        var warnings = new List<string>();

        var config = HookConfiguration.Load(sandbox.Load(), projectTrusted: true, warnings);

        warnings.ShouldBeEmpty();
        config.For(HookEvent.PreToolUse).Select(static r => r.Handler.Command).ShouldBe(["project.sh", "user.sh"]);
        config.For(HookEvent.PreToolUse)[0].Handler.TimeoutSeconds.ShouldBe(5);
        config.For(HookEvent.PreToolUse)[0].Source.ShouldBe("projectSettings");
        var http = config.For(HookEvent.Stop).Single().Handler;
        http.IsHttp.ShouldBeTrue();
        http.AllowedEnvVars.ShouldBe(["TOKEN"]);
        config.Has(HookEvent.SessionStart).ShouldBeFalse();
    }

    [Fact]
    public void An_untrusted_project_contributes_no_hooks_and_says_so()
    {
        using var sandbox = new SettingsSandbox();
        sandbox.Write(".keel/settings.json", ProjectHooks);
        sandbox.Write(Path.Combine(sandbox.KeelConfig, "settings.json"), UserHooks);
        var warnings = new List<string>();

        var config = HookConfiguration.Load(sandbox.Load(), projectTrusted: false, warnings);

        config.For(HookEvent.PreToolUse).Select(static r => r.Handler.Command).ShouldBe(["user.sh"]);
        warnings.ShouldContain(w => w.Contains("not trusted", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_entries_are_skipped_with_a_located_warning()
    {
        using var sandbox = new SettingsSandbox();
        sandbox.Write(".claude/settings.json", """
            { "hooks": {
                "PreToolUse": [ { "matcher": "Bash(", "hooks": [ { "type": "command", "command": "a.sh" } ] },
                                { "matcher": "Bash", "hooks": [ { "type": "command" }, { "type": "mcp_tool", "server": "s" }, { "type": "command", "command": "ok.sh" } ] } ],
                "NoSuchEvent": [],
                "Stop": "not an array" } }
            """);
        var warnings = new List<string>();

        var config = HookConfiguration.Load(sandbox.Load(), projectTrusted: true, warnings);

        config.For(HookEvent.PreToolUse).Single().Handler.Command.ShouldBe("ok.sh");
        warnings.Count.ShouldBe(5, string.Join("\n", warnings));
        warnings.ShouldContain(w => w.Contains("NoSuchEvent", StringComparison.Ordinal));
        warnings.ShouldAllBe(w => w.Contains("settings.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Disable_all_hooks_turns_everything_off()
    {
        using var sandbox = new SettingsSandbox();
        sandbox.Write(".claude/settings.json", ProjectHooks);
        sandbox.Write(".claude/settings.local.json", """{ "disableAllHooks": true }""");

        HookConfiguration.Load(sandbox.Load(), projectTrusted: true, new List<string>()).All.ShouldBeEmpty();
    }
}
