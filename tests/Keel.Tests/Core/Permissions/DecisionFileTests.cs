using System.Text.Json;
using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Tests.Core.Settings;

namespace Keel.Tests.Core.Permissions;

/// <summary>Issue 13 item 8: a decision names the settings file its rule came from, not only the scope (.keel/ and .claude/ share one).</summary>
public sealed class DecisionFileTests
{
    private const string Rules = """
        {"permissions":{
          "deny":["Bash(git push:*)","Read(./secret.txt)","WebFetch(domain:evil.example)","Edit(./locked/**)"],
          "ask":["Bash(npm publish:*)","Edit(./docs/**)"],
          "allow":["Bash(touch:*)","WebFetch(domain:docs.example)","Read(//etc/hostname)"]}}
        """;

    public static TheoryData<string, string, string, PermissionBehavior> Calls() => new()
    {
        { "Bash", """{"command":"git push origin main"}""", "Bash(git push:*)", PermissionBehavior.Deny },
        { "Bash", """{"command":"ls && git -C . push"}""", "Bash(git push:*)", PermissionBehavior.Deny },
        { "Bash", """{"command":"cat secret.txt"}""", "Read(./secret.txt)", PermissionBehavior.Deny },
        { "Read", """{"file_path":"secret.txt"}""", "Read(./secret.txt)", PermissionBehavior.Deny },
        { "Edit", """{"file_path":"locked/a.cs","old_string":"a","new_string":"b"}""", "Edit(./locked/**)", PermissionBehavior.Deny },
        { "WebFetch", """{"url":"https://evil.example/x","prompt":"p"}""", "WebFetch(domain:evil.example)", PermissionBehavior.Deny },
        { "Bash", """{"command":"npm publish --dry-run"}""", "Bash(npm publish:*)", PermissionBehavior.Ask },
        { "Write", """{"file_path":"docs/a.md","content":"x"}""", "Edit(./docs/**)", PermissionBehavior.Ask },
        { "Bash", """{"command":"touch new.txt"}""", "Bash(touch:*)", PermissionBehavior.Allow },
        { "WebFetch", """{"url":"https://docs.example/page","prompt":"p"}""", "WebFetch(domain:docs.example)", PermissionBehavior.Allow },
        { "Read", """{"file_path":"/etc/hostname"}""", "Read(//etc/hostname)", PermissionBehavior.Allow },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void Every_kind_of_rule_names_its_file(string tool, string input, string rule, PermissionBehavior behavior)
    {
        foreach (var file in (string[])[".claude/settings.json", ".keel/settings.json", ".claude/settings.local.json", ".keel/settings.local.json"])
        {
            using var s = new SettingsSandbox();
            var path = s.Write(file, Rules);
            var decision = Engine(s.Project, s.Home, s.Load().Permissions.Rules).Evaluate(tool, Input(input), s.Project).Decision;

            decision.Behavior.ShouldBe(behavior, $"{file}: {decision.Reason}");
            decision.Rule.ShouldBe(rule);
            decision.File.ShouldBe(path, decision.Reason);
        }
    }

    [Fact]
    public void The_same_rule_in_two_files_of_one_scope_names_the_file_it_was_read_from()
    {
        using var s = new SettingsSandbox();
        s.Write(".claude/settings.json", """{"permissions":{"allow":["Bash(touch:*)"]}}""");
        var keel = s.Write(".keel/settings.json", """{"permissions":{"deny":["Bash(touch:*)"]}}""");

        var decision = Engine(s.Project, s.Home, s.Load().Permissions.Rules).Evaluate("Bash", Input("""{"command":"touch x"}"""), s.Project).Decision;

        decision.Behavior.ShouldBe(PermissionBehavior.Deny);
        decision.File.ShouldBe(keel);
    }

    [Fact]
    public void Rules_from_flags_and_decisions_without_a_rule_name_no_file()
    {
        using var s = new SettingsSandbox();
        var flagRule = PermissionRuleParser.Parse("Bash(touch:*)", PermissionBehavior.Allow, SettingsSources.CliArg, s.Project).Rule!;
        var engine = Engine(s.Project, s.Home, [flagRule]);

        var byFlag = engine.Evaluate("Bash", Input("""{"command":"touch x"}"""), s.Project).Decision;
        byFlag.Behavior.ShouldBe(PermissionBehavior.Allow);
        byFlag.File.ShouldBeNull();

        var byMode = engine.Evaluate("Bash", Input("""{"command":"make"}"""), s.Project).Decision;
        byMode.Rule.ShouldBeNull();
        byMode.File.ShouldBeNull();
    }

    private static PermissionEngine Engine(string project, string home, IReadOnlyList<PermissionRule> rules)
    {
        var engine = new PermissionEngine(new PermissionContext(project, [], home, PermissionMode.Default, [.. rules]));
        engine.Tools.Register(Keel.Tests.Tools.BuiltInToolsForTests.All());
        return engine;
    }

    private static JsonElement Input(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
