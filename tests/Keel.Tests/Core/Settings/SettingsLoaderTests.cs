using Keel.Core.Permissions;
using Keel.Core.Settings;

namespace Keel.Tests.Core.Settings;

public sealed class SettingsLoaderTests
{
    [Fact]
    public void Rules_from_every_layer_are_concatenated_and_cite_their_source()
    {
        using var s = new SettingsSandbox();
        s.Write(s.Managed, """{"permissions":{"deny":["Bash(curl:*)"]}}""");
        s.Write(".keel/settings.local.json", """{"permissions":{"allow":["Bash(make:*)"]}}""");
        s.Write(".claude/settings.local.json", """{"permissions":{"allow":["Bash(ls:*)"]}}""");
        s.Write(".claude/settings.json", """{"permissions":{"ask":["Bash(git push:*)"]}}""");
        s.Write(Path.Combine(s.KeelConfig, "settings.json"), """{"permissions":{"allow":["Read"]}}""");
        s.Write(Path.Combine(s.Home, ".claude", "settings.json"), """{"permissions":{"deny":["WebFetch"]}}""");

        var loaded = s.Load(flag: """{"permissions":{"allow":["Edit(src/**)"]}}""");

        loaded.Warnings.ShouldBeEmpty();
        loaded.Permissions.Rules.Select(r => $"{r.Source}:{r.Behavior}:{r.Text}").ShouldBe(
        [
            "policySettings:Deny:Bash(curl:*)",
            "flagSettings:Allow:Edit(src/**)",
            "localSettings:Allow:Bash(make:*)",
            "localSettings:Allow:Bash(ls:*)",
            "projectSettings:Ask:Bash(git push:*)",
            "userSettings:Allow:Read",
            "userSettings:Deny:WebFetch",
        ]);
    }

    [Fact]
    public void A_scalar_comes_from_the_highest_layer_and_keel_files_win_over_claude_files()
    {
        using var s = new SettingsSandbox();
        s.Write(Path.Combine(s.KeelConfig, "settings.json"), """{"permissions":{"defaultMode":"plan"}}""");
        s.Write(".claude/settings.json", """{"permissions":{"defaultMode":"dontAsk"}}""");
        s.Write(".keel/settings.json", """{"permissions":{"defaultMode":"acceptEdits"}}""");

        var loaded = s.Load();

        loaded.Permissions.DefaultMode.ShouldBe(PermissionMode.AcceptEdits);
        loaded.Permissions.DefaultModeSource.ShouldBe(SettingsSources.Project);
        loaded.Layers.Select(l => Path.GetFileName(Path.GetDirectoryName(l.Path))).ShouldBe([".keel", ".claude", ".keel"]);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted_and_unknown_keys_are_kept_for_later()
    {
        using var s = new SettingsSandbox();
        s.Write(".claude/settings.json", """
            {
              // team defaults
              "model": "opus",
              "permissions": { "allow": ["Bash(npm test)",], },
            }
            """);

        var loaded = s.Load();

        loaded.Warnings.ShouldBeEmpty();
        loaded.Permissions.Rules.Single().Text.ShouldBe("Bash(npm test)");
        loaded.Effective.Model.ShouldBe("opus");
    }

    [Fact]
    public void Invalid_json_is_reported_with_path_and_line_and_skipped()
    {
        using var s = new SettingsSandbox();
        var path = s.Write(".claude/settings.json", "{\n  \"permissions\": {\n    \"allow\": [\"Bash\" \"Edit\"]\n  }\n}");

        var loaded = s.Load();

        loaded.Permissions.Rules.ShouldBeEmpty();
        var warning = loaded.Warnings.Single();
        warning.Path.ShouldBe(path);
        warning.Line.ShouldBe(3);
        warning.Column.ShouldBe(22);
        warning.ToString().ShouldBe($"{path}:3:22: ignored: not valid JSON: a missing comma before this value");
    }

    [Fact]
    public void A_file_with_wrong_types_keeps_only_what_narrows()
    {
        using var s = new SettingsSandbox();
        var path = s.Write(".claude/settings.json", """
            {
              "permissions": {
                "allow": ["Bash"],
                "deny": ["Read(./.env)"],
                "defaultMode": "bypassPermissions",
                "additionalDirectories": "/"
              }
            }
            """);

        var loaded = s.Load();

        loaded.Permissions.Rules.Select(r => r.Text).ShouldBe(["Read(./.env)"]);
        loaded.Permissions.DefaultMode.ShouldBeNull();
        loaded.Permissions.AdditionalDirectories.ShouldBeEmpty();
        var warning = loaded.Warnings.Single();
        warning.ToString().ShouldStartWith($"{path}:6: \"permissions.additionalDirectories\" must be an array of strings");
    }

    [Fact]
    public void A_malformed_managed_file_fails_closed()
    {
        using var s = new SettingsSandbox();
        s.Write(s.Managed, "{ not json");

        var loaded = s.Load();

        loaded.ManagedUnreadable.ShouldBeTrue();
        loaded.Permissions.BypassDisabled.ShouldBeTrue();
        loaded.Warnings.ShouldContain(w => w.Path == s.Managed && w.Line == 1);
    }

    [Fact]
    public void Managed_settings_can_disable_bypass_mode()
    {
        using var s = new SettingsSandbox();
        s.Write(s.ClaudeManaged, """{"permissions":{"disableBypassPermissionsMode":"disable"}}""");

        s.Load().Permissions.BypassDisabled.ShouldBeTrue();
    }

    [Fact]
    public void Shared_project_settings_cannot_turn_on_bypass_mode_but_local_settings_can()
    {
        using var s = new SettingsSandbox();
        s.Write(".claude/settings.json", """{"permissions":{"defaultMode":"bypassPermissions"}}""");

        var shared = s.Load();
        shared.Permissions.DefaultMode.ShouldBeNull();
        shared.Warnings.Single().Message.ShouldContain("ignored in shared project settings");

        s.Write(".claude/settings.local.json", """{"permissions":{"defaultMode":"bypassPermissions"}}""");
        s.Load().Permissions.DefaultMode.ShouldBe(PermissionMode.BypassPermissions);
    }

    [Fact]
    public void Additional_directories_resolve_against_the_project_and_home()
    {
        using var s = new SettingsSandbox();
        s.Write(".claude/settings.json", """{"permissions":{"additionalDirectories":["../shared","~/notes"]}}""");

        s.Load().Permissions.AdditionalDirectories.ShouldBe([Path.Combine(s.Root, "shared"), Path.Combine(s.Home, "notes")]);
    }

    [Fact]
    public void Settings_flag_reads_a_file_relative_to_the_working_directory_and_sandbox_keys_merge()
    {
        using var s = new SettingsSandbox();
        s.Write("ci.json", """{"sandbox":{"enabled":true,"network":{"allowedDomains":["example.com"]}}}""");
        s.Write(".claude/settings.json", """{"sandbox":{"enabled":false,"excludedCommands":["docker"],"network":{"allowedDomains":["github.com"]}}}""");

        var sandbox = s.Load(flag: "ci.json").Sandbox;

        sandbox.Enabled.ShouldBe(true);
        sandbox.AllowedDomains.ShouldBe(["example.com", "github.com"]);
        sandbox.ExcludedCommands.ShouldBe(["docker"]);
    }

    [Fact]
    public void An_unparseable_rule_is_reported_with_its_line_and_the_others_still_apply()
    {
        using var s = new SettingsSandbox();
        var path = s.Write(".claude/settings.json", "{\"permissions\": {\n \"deny\": [\"Read(./a\", \"Read(./b)\"]}}");

        var loaded = s.Load();

        loaded.Permissions.Rules.Select(r => r.Text).ShouldBe(["Read(./b)"]);
        loaded.Warnings.Single().ToString().ShouldStartWith($"{path}:2: the rule \"Read(./a\"");
    }

    [Fact]
    public void Project_root_is_the_enclosing_git_repository_else_the_directory()
    {
        using var s = new SettingsSandbox();
        Directory.CreateDirectory(Path.Combine(s.Project, ".git"));
        var nested = Directory.CreateDirectory(Path.Combine(s.Project, "src", "app")).FullName;

        ProjectRoot.Find(nested).ShouldBe(s.Project);
        ProjectRoot.Find(s.Home).ShouldBe(s.Home);
    }
}
