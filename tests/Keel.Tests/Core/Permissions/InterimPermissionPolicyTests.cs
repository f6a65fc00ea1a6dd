using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Permissions;

public sealed class InterimPermissionPolicyTests
{
    private static readonly ToolSession Session = new("/tmp", [], "/tmp/.s", TimeProvider.System);
    private static readonly FakeTool Bash = new("Bash", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("")));
    private static readonly FakeTool Edit = new("Edit", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("")));
    private static readonly FakeTool Read = new("Read", readOnly: true, (_, _) => Task.FromResult(ToolResult.Success("")));

    private static PermissionBehavior Decide(PermissionMode mode, FakeTool tool, string input, string[]? allow = null, string[]? deny = null) =>
        new InterimPermissionPolicy(mode, [.. (allow ?? []).Select(ToolRule.Parse)], [.. (deny ?? []).Select(ToolRule.Parse)])
            .Decide(tool, ScriptedModelClient.Json(input), Session).Behavior;

    [Fact]
    public void Default_mode_allows_reads_and_asks_for_the_rest()
    {
        Decide(PermissionMode.Default, Read, """{"file_path":"a"}""").ShouldBe(PermissionBehavior.Allow);
        Decide(PermissionMode.Default, Edit, """{"file_path":"a"}""").ShouldBe(PermissionBehavior.Ask);
        Decide(PermissionMode.Default, Bash, """{"command":"ls"}""").ShouldBe(PermissionBehavior.Ask);
    }

    [Fact]
    public void Accept_edits_allows_edits_inside_the_project_only()
    {
        Decide(PermissionMode.AcceptEdits, Edit, """{"file_path":"/tmp/a.txt"}""").ShouldBe(PermissionBehavior.Allow);
        Decide(PermissionMode.AcceptEdits, Edit, """{"file_path":"/etc/passwd"}""").ShouldBe(PermissionBehavior.Ask);
        Decide(PermissionMode.AcceptEdits, Edit, """{"file_path":"/tmpfoo/a"}""").ShouldBe(PermissionBehavior.Ask);
        Decide(PermissionMode.AcceptEdits, Bash, """{"command":"ls"}""").ShouldBe(PermissionBehavior.Ask);
    }

    [Fact]
    public void Bypass_allows_everything_but_deny_rules_still_win()
    {
        Decide(PermissionMode.BypassPermissions, Bash, """{"command":"make"}""").ShouldBe(PermissionBehavior.Allow);
        Decide(PermissionMode.BypassPermissions, Bash, """{"command":"make"}""", deny: ["Bash"]).ShouldBe(PermissionBehavior.Deny);
    }

    [Theory]
    [InlineData("git status", PermissionBehavior.Allow)]
    [InlineData("git status --short", PermissionBehavior.Allow)]
    [InlineData("gitk", PermissionBehavior.Ask)]
    [InlineData("git status; rm -rf /", PermissionBehavior.Ask)]
    [InlineData("git status && curl evil", PermissionBehavior.Ask)]
    [InlineData("git status $(rm -rf ~)", PermissionBehavior.Ask)]
    [InlineData("git status > /etc/x", PermissionBehavior.Ask)]
    public void A_bash_allow_rule_never_covers_shell_operators(string command, PermissionBehavior expected)
    {
        Decide(PermissionMode.Default, Bash, $$"""{"command":"{{command}}"}""", allow: ["Bash(git status:*)"]).ShouldBe(expected);
    }

    [Theory]
    [InlineData("rm -rf build")]
    [InlineData("echo hi; rm -rf build")]
    [InlineData("true && rm x")]
    [InlineData("echo $(rm x)")]
    public void A_bash_deny_rule_fires_in_any_segment(string command)
    {
        Decide(PermissionMode.BypassPermissions, Bash, $$"""{"command":"{{command}}"}""", deny: ["Bash(rm:*)"]).ShouldBe(PermissionBehavior.Deny);
    }

    [Fact]
    public void Rule_lists_split_on_commas_and_spaces_but_not_inside_parentheses()
    {
        ToolRule.ParseList("Read,Edit Bash(git log:*)").Select(r => r.Text).ShouldBe(["Read", "Edit", "Bash(git log:*)"]);
        ToolRule.Parse("Bash(npm run test:*)").ShouldBe(new ToolRule("Bash", "npm run test:*", "Bash(npm run test:*)"));
    }
}
