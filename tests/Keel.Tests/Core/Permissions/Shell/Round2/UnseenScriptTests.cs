using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>Class 5: a shell running code the analyzer never saw asks (deny in dontAsk), even when the rest of the line is harmless.</summary>
public sealed class UnseenScriptTests : IDisposable
{
    private readonly ShellWorld _world = new();

    public void Dispose() => _world.Dispose();

    public static TheoryData<string> Unseen() =>
    [
        "bash script.sh",
        "sh script.sh",
        "zsh script.sh",
        "dash script.sh",
        "ksh script.sh",
        "bash -x script.sh",
        "bash -e -u script.sh arg1",
        "sh -- script.sh",
        "bash -o pipefail script.sh",
        "bash ./script.sh",
        "bash src/../script.sh",
        "bash /dev/stdin",
        "bash /dev/stdin <<< 'echo hi'",
        "sh /dev/stdin <<EOF\necho hi\nEOF",
        "bash /proc/self/fd/0 < /dev/null",
        "bash /dev/fd/0",
        "bash script.sh <<EOF\necho harmless\nEOF",
        "bash script.sh <<< 'echo harmless'",
        "sh script.sh <<< ls",
        "echo ls > x.sh && bash x.sh",
        "printf 'rm -rf src' > x.sh; sh x.sh",
        "cat > x.sh <<EOF\nrm -rf src\nEOF\nbash x.sh",
        "echo ls | tee x.sh && sh x.sh",
        "cp /tmp/evil.sh run.sh && bash run.sh",
        "timeout 5 bash script.sh",
        "nohup sh script.sh",
        "env bash script.sh",
        "exec bash script.sh",
        "bash --rcfile evil.sh -i",
        "bash --init-file evil.sh",
        "echo ok && bash script.sh",
        "true || sh script.sh",
        "(bash script.sh)",
        "if true; then sh script.sh; fi",
        "bash -c 'bash inner.sh'",
    ];

    [Theory]
    [MemberData(nameof(Unseen))]
    public void An_unseen_script_asks(string command)
    {
        var decision = _world.Decide(command, allow: ["Bash(echo:*)", "Bash(printf:*)", "Bash(cat:*)", "Bash(tee:*)", "Bash(cp:*)"]);
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [MemberData(nameof(Unseen))]
    public void An_unseen_script_is_denied_in_dont_ask(string command) =>
        _world.Decide(command, PermissionMode.DontAsk).Behavior.ShouldBe(PermissionBehavior.Deny, command);

    [Theory]
    [InlineData("echo 'rm -rf /' > build.sh && bash build.sh", "Bash(bash build.sh)")]
    [InlineData("bash /dev/stdin <<< 'rm -rf /'", "Bash(bash /dev/stdin)")]
    [InlineData("bash script.sh", "Bash(bash:*)")]
    [InlineData("sh x.sh", "Bash(sh *)")]
    public void Broad_or_self_written_script_rules_still_ask(string command, string rule) =>
        _world.Decide(command, allow: [rule, "Bash(echo:*)"]).Behavior.ShouldBe(PermissionBehavior.Ask, command);

    [Fact]
    public void A_rule_naming_the_exact_script_command_allows_it() =>
        _world.Decide("bash build.sh", allow: ["Bash(bash build.sh)"]).Behavior.ShouldBe(PermissionBehavior.Allow);

    [Theory]
    [InlineData("bash -c 'echo hi'")]
    [InlineData("sh -c 'ls src'")]
    [InlineData("bash <<EOF\necho hi\nEOF")]
    [InlineData("bash -s <<< 'ls'")]
    public void Scripts_the_analyzer_can_see_are_judged_by_their_content(string command) =>
        _world.Decide(command, allow: ["Bash(echo:*)"]).Behavior.ShouldBe(PermissionBehavior.Allow, command);
}
