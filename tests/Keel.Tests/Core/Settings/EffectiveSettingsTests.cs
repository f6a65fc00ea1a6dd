using Keel.Core.Settings;

namespace Keel.Tests.Core.Settings;

public sealed class EffectiveSettingsTests
{
    [Fact]
    public void Every_key_keel_reads_is_typed()
    {
        using var s = new SettingsSandbox();
        s.Write(Path.Combine(s.KeelConfig, "settings.json"), """
            {
              "model": "opus",
              "env": { "FOO": "bar", "MAX_THINKING_TOKENS": 1024, "DEBUG": true },
              "fallbackModel": "haiku",
              "effortLevel": "high",
              "outputStyle": "Explanatory",
              "smallFastModel": "claude-haiku-4-5",
              "webSearchMaxPerSession": "3",
              "planModeApproval": "acceptEdits",
              "apiKeyHelper": "echo key",
              "statusLine": { "type": "command", "command": "echo hi", "padding": 2 },
              "disableAllHooks": false,
              "enableAllProjectMcpServers": true,
              "enabledMcpjsonServers": ["a"],
              "disabledMcpjsonServers": ["b"],
              "mcpServers": { "x": { "command": "node" } },
              "hooks": { "Stop": [] }
            }
            """);

        var loaded = s.Load();

        loaded.Warnings.ShouldBeEmpty();
        var e = loaded.Effective;
        e.Model.ShouldBe("opus");
        e.Env.ShouldBe(new Dictionary<string, string> { ["FOO"] = "bar", ["MAX_THINKING_TOKENS"] = "1024", ["DEBUG"] = "true" }, ignoreOrder: true);
        e.FallbackModel.ShouldBe("haiku");
        e.EffortLevel.ShouldBe("high");
        e.OutputStyle.ShouldBe("Explanatory");
        e.SmallFastModel.ShouldBe("claude-haiku-4-5");
        e.WebSearchMaxPerSession.ShouldBe(3);
        e.PlanModeApproval.ShouldBe("acceptEdits");
        e.ApiKeyHelper.ShouldBe("echo key");
        e.StatusLine.ShouldBe(new StatusLineSetting("echo hi", 2));
        e.DisableAllHooks.ShouldBeFalse();
        e.EnableAllProjectMcpServers.ShouldBeTrue();
        e.EnabledMcpjsonServers.ShouldBe(["a"]);
        e.DisabledMcpjsonServers.ShouldBe(["b"]);
        e.McpServers!.Value.GetProperty("x").GetProperty("command").GetString().ShouldBe("node");
        loaded.Layers.Single().File.Hooks!.Value.TryGetProperty("Stop", out _).ShouldBeTrue();
    }

    [Fact]
    public void Wrong_types_are_reported_with_file_and_line_and_the_rest_of_the_file_still_applies()
    {
        using var s = new SettingsSandbox();
        var path = s.Write(".keel/settings.json", "{\n  \"model\": 4,\n  \"env\": {\n    \"OK\": \"yes\",\n    \"BAD\": {\"x\": 1}\n  },\n  \"statusLine\": \"echo\",\n  \"disableAllHooks\": \"yes\",\n  \"webSearchMaxPerSession\": -2,\n  \"enabledMcpjsonServers\": [1],\n  \"hooks\": [],\n  \"permissions\": { \"allow\": [\"Read\"] }\n}");

        var loaded = s.Load();

        loaded.Warnings.Select(w => w.ToString()).ShouldBe(
        [
            $"{path}:2: \"model\" must be a string, not a number; it is ignored",
            $"{path}:5: \"env.BAD\" must be a string, not an object; it is ignored",
            $"{path}:9: \"webSearchMaxPerSession\" must be a whole number, not -2; it is ignored",
            $"{path}:7: \"statusLine\" must be an object, not a string; it is ignored",
            $"{path}:8: \"disableAllHooks\" must be true or false, not a string; it is ignored",
            $"{path}:10: \"enabledMcpjsonServers\" must be an array of strings; it is ignored",
            $"{path}:11: \"hooks\" must be an object, not an array; it is ignored",
        ], ignoreOrder: true);
        loaded.Effective.Model.ShouldBeNull();
        loaded.Effective.Env.ShouldBe(new Dictionary<string, string> { ["OK"] = "yes" });
        loaded.Effective.StatusLine.ShouldBeNull();
        loaded.Permissions.Rules.Single().Text.ShouldBe("Read");
    }

    [Fact]
    public void Scalars_come_from_the_highest_layer_and_env_merges_per_variable()
    {
        using var s = new SettingsSandbox();
        s.Write(Path.Combine(s.KeelConfig, "settings.json"), """{"model":"haiku","env":{"A":"user","B":"user"},"apiKeyHelper":"echo user"}""");
        s.Write(".claude/settings.json", """{"model":"sonnet","env":{"B":"project","C":"project"},"apiKeyHelper":"echo project"}""");
        s.Write(".keel/settings.local.json", """{"env":{"C":"local"}}""");

        var loaded = s.Load(flag: """{"env":{"D":"flag"}}""");

        var e = loaded.Effective;
        e.Model.ShouldBe("sonnet");
        e.Env.ShouldBe(new Dictionary<string, string> { ["A"] = "user", ["B"] = "project", ["C"] = "local", ["D"] = "flag" }, ignoreOrder: true);
        e.EnvFor(projectTrusted: false).ShouldBe(new Dictionary<string, string> { ["A"] = "user", ["B"] = "user", ["D"] = "flag" }, ignoreOrder: true);
        e.ApiKeyHelper.ShouldBe("echo user", "a project must not choose a command that runs at start-up");
    }

    [Fact]
    public void Provider_keys_are_typed_and_aws_commands_come_only_from_the_users_layers()
    {
        using var s = new SettingsSandbox();
        s.Write(Path.Combine(s.KeelConfig, "settings.json"), """
            {"provider":"team","fallbackModels":["haiku"," ","team/coder"],"awsAuthRefresh":"aws sso login","awsCredentialExport":"echo user",
             "providers":{"team":{"type":"openai","baseUrl":"http://127.0.0.1:1/v1"}},"modelCapabilities":{"team/coder":{"thinking":true}}}
            """);
        s.Write(".claude/settings.json", """{"awsCredentialExport":"echo project","fallbackModels":"sonnet"}""");

        var loaded = s.Load();

        var e = loaded.Effective;
        e.Provider.ShouldBe("team");
        e.FallbackModels.ShouldBe(["haiku", "team/coder"], "the project's value had the wrong type and is ignored");
        e.AwsAuthRefresh.ShouldBe("aws sso login");
        e.AwsCredentialExport.ShouldBe("echo user", "a project must not choose a command that runs at start-up");
        loaded.Warnings.ShouldContain(w => w.ToString().Contains("fallbackModels", StringComparison.Ordinal));
        var user = loaded.Layers.Single(l => l.Source == SettingsSources.User).File;
        user.Providers.ShouldNotBeNull().GetProperty("team").GetProperty("type").GetString().ShouldBe("openai");
        user.ModelCapabilities.ShouldNotBeNull().GetProperty("team/coder").GetProperty("thinking").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void A_file_with_permission_type_errors_contributes_no_typed_keys()
    {
        using var s = new SettingsSandbox();
        s.Write(".keel/settings.json", """{"model":"opus","env":{"X":"1"},"permissions":{"allow":"Bash"}}""");

        var loaded = s.Load();

        loaded.Warnings.ShouldNotBeEmpty();
        loaded.Effective.Model.ShouldBeNull();
        loaded.Effective.Env.ShouldBeEmpty();
    }
}
