using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>Class 6: /dev/fd, /dev/std*, /proc/self, /proc/thread-self and /proc/&lt;pid&gt; are resolved as the shell would before any check.</summary>
public sealed class ProcessPathTests : IDisposable
{
    private readonly ShellWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("cat /proc/self/cwd/.env")]
    [InlineData("cat /proc/thread-self/cwd/.env")]
    [InlineData("cat /proc/self/task/1/cwd/.env")]
    [InlineData("cat /dev/fd/../cwd/.env")]
    [InlineData("cat /proc/self/fd/../cwd/.env")]
    [InlineData("cat /proc/self/./cwd/./.env")]
    [InlineData("cat /proc/self/cwd/secrets/key.pem")]
    [InlineData("cat < /proc/self/cwd/.env")]
    [InlineData("cd src && cat /proc/self/cwd/../.env")]
    [InlineData("cd nested && cat /proc/self/cwd/deep/token.txt")]
    [InlineData("head /proc/self/cwd/.e*")]
    [InlineData("grep -r KEY /proc/self/cwd")]
    [InlineData("base64 /proc/self/cwd/.env")]
    [InlineData("cat /dev/fd/../cwd/nested/deep/token.txt")]
    public void A_denied_file_behind_a_process_link_is_denied(string command)
    {
        var decision = _world.Decide(command, allow: ["Bash(base64:*)"]);
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
    }

    [Fact]
    public void The_process_root_link_resolves_to_the_root()
    {
        var env = Path.Combine(_world.Project, ".env");
        var decision = _world.Decide($"cat /proc/self/root{env}");
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, decision.Reason);
        _world.Decide($"cat /dev/fd/../root/..{env}").Behavior.ShouldBe(PermissionBehavior.Deny);
        _world.Decide($"cat /proc/1/root{env}").Behavior.ShouldBe(PermissionBehavior.Deny);
    }

    [Theory]
    [InlineData("echo x > /proc/self/cwd/.git/config")]
    [InlineData("echo x > /dev/fd/../cwd/.git/hooks/pre-commit")]
    [InlineData("echo x > /proc/self/cwd/.keel/settings.json")]
    [InlineData("echo x > /proc/thread-self/cwd/.mcp.json")]
    [InlineData("cp src/main.cs /proc/self/cwd/.git/config")]
    [InlineData("echo x | tee /proc/self/cwd/.claude/settings.json")]
    public void A_protected_write_behind_a_process_link_asks_even_in_bypass(string command)
    {
        var decision = _world.Decide(command, PermissionMode.BypassPermissions);
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("cat /proc/1/cwd/.env")]
    [InlineData("cat /proc/12345/cwd/x")]
    [InlineData("cat /proc/1/fd/3")]
    [InlineData("cat /dev/fd/7")]
    [InlineData("cat /proc/self/fd/5")]
    [InlineData("cat /dev/fd/3/x")]
    [InlineData("cat /dev/stdin/../../cwd/.env")]
    [InlineData("cat /proc/self/map_files/x")]
    public void A_link_only_known_at_run_time_asks(string command)
    {
        var decision = _world.Decide(command);
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("cat /proc/self/environ")]
    [InlineData("cat /proc/self/cwd/../../proc/self/environ")]
    [InlineData("cat /dev/fd/../environ")]
    [InlineData("cat /proc/thread-self/mem")]
    public void Process_secrets_behind_links_are_denied(string command) =>
        _world.Decide(command).Behavior.ShouldBe(PermissionBehavior.Deny, command);

    [Theory]
    [InlineData("echo hi > /dev/stdout")]
    [InlineData("echo hi > /dev/stderr")]
    [InlineData("echo hi > /dev/fd/1")]
    [InlineData("cat /dev/stdin")]
    [InlineData("cat /dev/fd/0")]
    [InlineData("cat /dev/fd/3 3< src/main.cs")]
    [InlineData("cat /proc/self/cwd/src/main.cs")]
    [InlineData("echo hi > /dev/null")]
    public void Ordinary_descriptors_and_in_project_links_stay_allowed(string command) =>
        _world.Behavior(command).ShouldBe(PermissionBehavior.Allow, command);
}
