using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>Class 3: an allow rule on a wrapper covers the wrapper alone; the command it launches needs its own approval.</summary>
public sealed class WrapperAllowRuleTests : IDisposable
{
    private readonly ShellWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("Bash(xargs:*)", "echo a | xargs touch")]
    [InlineData("Bash(xargs:*)", "ls | xargs -n1 chmod 600")]
    [InlineData("Bash(xargs:*)", "find . -name x | xargs -0 -I{} mv {} /tmp")]
    [InlineData("Bash(env:*)", "env make install")]
    [InlineData("Bash(env:*)", "env -i python3 x.py")]
    [InlineData("Bash(env:*)", "env -u HOME npm publish")]
    [InlineData("Bash(timeout:*)", "timeout 5 make deploy")]
    [InlineData("Bash(timeout:*)", "timeout -s KILL 5 python3 run.py")]
    [InlineData("Bash(timeout 10:*)", "timeout 10 curl https://x.test")]
    [InlineData("Bash(nice:*)", "nice -n 5 make")]
    [InlineData("Bash(nice:*)", "nice python3 x.py")]
    [InlineData("Bash(nohup:*)", "nohup node server.js")]
    [InlineData("Bash(stdbuf:*)", "stdbuf -oL python3 x.py")]
    [InlineData("Bash(command:*)", "command make")]
    [InlineData("Bash(exec:*)", "exec node x.js")]
    [InlineData("Bash(flock:*)", "flock /tmp/l make")]
    [InlineData("Bash(flock:*)", "flock /tmp/l -c 'make deploy'")]
    [InlineData("Bash(setsid:*)", "setsid python3 x.py")]
    [InlineData("Bash(ionice:*)", "ionice -c3 make")]
    [InlineData("Bash(chrt:*)", "chrt 10 make")]
    [InlineData("Bash(taskset:*)", "taskset 1 make")]
    [InlineData("Bash(watch:*)", "watch make")]
    [InlineData("Bash(watch:*)", "watch -n 1 'make test'")]
    [InlineData("Bash(watch:*)", "watch -x make")]
    [InlineData("Bash(time:*)", "time make")]
    [InlineData("Bash(sudo:*)", "sudo make")]
    [InlineData("Bash(script:*)", "script -q -c 'make deploy' /dev/null")]
    [InlineData("Bash(script:*)", "script -qc make /dev/null")]
    [InlineData("Bash(parallel:*)", "parallel make ::: a b")]
    [InlineData("Bash(parallel:*)", "parallel 'touch {}' ::: a b")]
    [InlineData("Bash(xargs:*)", "xargs -a list.txt make")]
    [InlineData("Bash(env:*)", "env timeout 5 nice make")]
    [InlineData("Bash(timeout:*)", "timeout 5 env make")]
    [InlineData("Bash(nohup:*)", "nohup sh -c 'make deploy'")]
    public void A_wrapper_rule_does_not_approve_the_inner_command(string rule, string command)
    {
        var decision = _world.Decide(command, allow: [rule]);
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("Bash(make:*)", "timeout 5 make")]
    [InlineData("Bash(make:*)", "nice -n 5 make test")]
    [InlineData("Bash(make:*)", "nohup make")]
    [InlineData("Bash(make:*)", "command make")]
    [InlineData("Bash(make:*)", "flock /tmp/l make")]
    [InlineData("Bash(make:*)", "setsid make")]
    [InlineData("Bash(make:*)", "watch -x make")]
    [InlineData("Bash(make:*)", "ionice -c3 make")]
    [InlineData("Bash(timeout 5 make:*)", "timeout 5 make test")]
    public void The_inner_command_allowed_on_its_own_runs_under_a_wrapper(string rule, string command)
    {
        var decision = _world.Decide(command, allow: [rule]);
        decision.Behavior.ShouldBe(PermissionBehavior.Allow, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("Bash(env:*)", "env")]
    [InlineData("Bash(nohup:*)", "nohup")]
    [InlineData("Bash(nice:*)", "nice")]
    [InlineData("Bash(script:*)", "script -q /tmp/log")]
    public void A_wrapper_rule_covers_the_wrapper_alone(string rule, string command) =>
        _world.Behavior(command, allow: [rule]).ShouldBe(PermissionBehavior.Allow, command);

    [Fact]
    public void A_wrapper_rule_never_beats_a_deny_rule_on_the_inner_command()
    {
        var decision = _world.Decide("timeout 5 make deploy", allow: ["Bash(timeout:*)"], deny: ["Bash(make deploy)"]);
        decision.Behavior.ShouldBe(PermissionBehavior.Deny);
    }
}
