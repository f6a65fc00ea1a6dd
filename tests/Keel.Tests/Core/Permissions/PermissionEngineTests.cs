using System.Text.Json;
using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Core.Tools;

namespace Keel.Tests.Core.Permissions;

public sealed class PermissionEngineTests
{
    [Fact]
    public void A_bare_deny_removes_the_tool_and_edit_removes_every_editing_tool()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(deny: ["Edit", "mcp__github"]);

        e.IsOffered("Write").ShouldBeFalse();
        e.IsOffered("NotebookEdit").ShouldBeFalse();
        e.IsOffered("mcp__github__create_issue").ShouldBeFalse();
        e.IsOffered("mcp__githubx__tool").ShouldBeTrue();
        e.IsOffered("Read").ShouldBeTrue();
        e.Evaluate("Write", PermissionWorld.FileInput("a.txt"), w.Project).Decision.Rule.ShouldBe("Edit");
    }

    [Fact]
    public void Bash_calls_go_to_the_shell_analyzer_with_the_rules()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(PermissionMode.BypassPermissions, deny: ["Bash(git push)"]);

        var evaluation = e.Evaluate("Bash", PermissionWorld.Input("""{"command":"git push"}"""), w.Project);

        evaluation.Decision.Behavior.ShouldBe(PermissionBehavior.Deny);
        evaluation.Decision.Rule.ShouldBe("Bash(git push)");
        evaluation.Commands.ShouldNotBeNull();
    }

    [Fact]
    public void Webfetch_rules_match_domains_and_the_mode_decides_the_rest()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(allow: ["WebFetch(domain:docs.example.com)"], deny: ["WebFetch(domain:*.evil.io)"]);

        Fetch(e, w, "https://docs.example.com/a").ShouldBe(PermissionBehavior.Allow);
        Fetch(e, w, "https://docs.example.com.evil.io/a").ShouldBe(PermissionBehavior.Deny);
        Fetch(e, w, "https://example.com/a").ShouldBe(PermissionBehavior.Ask);
        Fetch(w.Engine(PermissionMode.DontAsk), w, "https://example.com/a").ShouldBe(PermissionBehavior.Deny);
    }

    [Fact]
    public void Mcp_agent_and_parameter_rules_apply()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(allow: ["mcp__github"], ask: ["mcp__github__delete_repo"], deny: ["Agent(Explore)", "Agent(model:opus)"]);

        e.Evaluate("mcp__github__list_issues", PermissionWorld.Input("{}"), w.Project).Decision.Behavior.ShouldBe(PermissionBehavior.Allow);
        e.Evaluate("mcp__github__delete_repo", PermissionWorld.Input("{}"), w.Project).Decision.Behavior.ShouldBe(PermissionBehavior.Ask);
        e.Evaluate("mcp__slack__post", PermissionWorld.Input("{}"), w.Project).Decision.Behavior.ShouldBe(PermissionBehavior.Ask);
        e.Evaluate("Agent", PermissionWorld.Input("""{"description":"d","prompt":"p","subagent_type":"Explore"}"""), w.Project).Decision.Rule.ShouldBe("Agent(Explore)");
        e.Evaluate("Agent", PermissionWorld.Input("""{"description":"d","prompt":"p","subagent_type":"Plan","model":"opus"}"""), w.Project).Decision.Rule.ShouldBe("Agent(model:opus)");
        e.Evaluate("Agent", PermissionWorld.Input("""{"description":"d","prompt":"p","subagent_type":"Plan"}"""), w.Project).Decision.Behavior.ShouldBe(PermissionBehavior.Allow);
    }

    [Fact]
    public void Rules_written_for_a_tools_old_name_govern_it_through_its_declared_alias()
    {
        using var w = new PermissionWorld();
        var e = w.Engine(mode: PermissionMode.AcceptEdits, deny: ["Task(Explore)", "MultiEdit"]);

        var explore = e.Evaluate("Agent", PermissionWorld.Input("""{"description":"d","prompt":"p","subagent_type":"Explore"}"""), w.Project).Decision;
        explore.Behavior.ShouldBe(PermissionBehavior.Deny);
        explore.Rule.ShouldBe("Task(Explore)");
        e.Evaluate("Agent", PermissionWorld.Input("""{"description":"d","prompt":"p","subagent_type":"Plan"}"""), w.Project).Decision.Behavior.ShouldBe(PermissionBehavior.Allow);
        w.Decide(e, "Edit", "src/a.cs").ShouldBe(PermissionBehavior.Deny);
        w.Decide(e, "Write", "src/a.cs").ShouldBe(PermissionBehavior.Allow);
    }

    [Fact]
    public void Managed_settings_that_disable_bypass_refuse_the_flag_and_demote_a_settings_default()
    {
        using var w = new PermissionWorld();
        var disabled = new LoadedSettings([], [], PermissionSettings.Empty with { BypassDisabled = true, DefaultMode = PermissionMode.BypassPermissions, DefaultModeSource = "userSettings" }, SandboxSettings.None, false);
        var at = new SettingsLocations([], null, w.Project, Path.Combine(w.Home, ".keel"), w.Home, w.Project);
        var warnings = new List<string>();

        var (refused, error) = PermissionSetup.Build(disabled, at, PermissionMode.BypassPermissions, [], [], warnings);
        refused.ShouldBeNull();
        error!.ShouldContain("disabled by managed settings");

        var (engine, _) = PermissionSetup.Build(disabled, at, null, [], [], warnings);
        engine!.Mode.ShouldBe(PermissionMode.Default);
        warnings.Single().ShouldContain("defaultMode bypassPermissions from userSettings is ignored");
    }

    [Fact]
    public void An_always_answer_is_saved_to_local_settings_and_applies_at_once()
    {
        using var w = new PermissionWorld();
        var settingsPath = Path.Combine(w.Project, ".keel", "settings.local.json");
        w.Write(settingsPath, """{"model":"opus","permissions":{"allow":["Read"],"deny":["Bash(rm:*)"]}}""");
        var e = w.Engine();
        var updater = new PermissionUpdater(e.Context);
        var facets = e.Tools.Find("Edit")!.DescribeForRules(PermissionWorld.FileInput("src/app.cs"), new ToolSession(w.Project, [], w.Root, TimeProvider.System))!;
        var rule = updater.Suggest("Edit", facets, w.Project);
        rule.ShouldBe("Edit(/src/app.cs)");
        w.Decide(e, "Edit", "src/app.cs").ShouldBe(PermissionBehavior.Ask);

        updater.Add(rule, PermissionBehavior.Allow).ShouldBeNull();
        updater.Add(rule, PermissionBehavior.Allow).ShouldBeNull();

        w.Decide(e, "Edit", "src/app.cs").ShouldBe(PermissionBehavior.Allow);
        using var saved = JsonDocument.Parse(File.ReadAllText(settingsPath));
        saved.RootElement.GetProperty("model").GetString().ShouldBe("opus");
        saved.RootElement.GetProperty("permissions").GetProperty("allow").EnumerateArray().Select(r => r.GetString()).ShouldBe(["Read", "Edit(/src/app.cs)"]);
        saved.RootElement.GetProperty("permissions").GetProperty("deny")[0].GetString().ShouldBe("Bash(rm:*)");
        var reloaded = SettingsLoader.Load(new SettingsLocations([], null, w.Project, Path.Combine(w.Home, ".keel"), w.Home, w.Project));
        reloaded.Permissions.Rules.ShouldContain(r => r.Text == "Edit(/src/app.cs)" && r.Source == SettingsSources.Local);
        Directory.GetFiles(Path.GetDirectoryName(settingsPath)!).Length.ShouldBe(1);
    }

    [Fact]
    public void An_always_answer_does_not_overwrite_a_broken_settings_file()
    {
        using var w = new PermissionWorld();
        var settingsPath = w.Write(Path.Combine(w.Project, ".keel", "settings.local.json"), "{ broken");
        var e = w.Engine();

        new PermissionUpdater(e.Context).Add("Bash(make)", PermissionBehavior.Allow)!.ShouldContain("not valid JSON");

        File.ReadAllText(settingsPath).ShouldBe("{ broken");
        e.Context.Rules.ShouldBeEmpty();
    }

    private static PermissionBehavior Fetch(PermissionEngine e, PermissionWorld w, string url) =>
        e.Evaluate("WebFetch", PermissionWorld.Input($$"""{"url":"{{url}}","prompt":"summarise"}"""), w.Project).Decision.Behavior;
}
