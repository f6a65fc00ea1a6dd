using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>
/// Arguments that arrive only at run time (<c>xargs</c>, <c>parallel</c>): the path checks never see them, so an allow
/// rule on the inner command must not approve them where they could name a denied file or one outside the project.
/// </summary>
public sealed class RunTimeArgumentTests : IDisposable
{
    private readonly ShellWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("Bash(cat:*)", "echo .env | xargs cat")]
    [InlineData("Bash(cat:*)", "xargs cat < list.txt")]
    [InlineData("Bash(cat:*)", "xargs -a list.txt cat")]
    [InlineData("Bash(cat:*)", "printf '%s\\n' secrets/key.pem | xargs cat")]
    [InlineData("Bash(cat:*)", "ls | xargs -n1 cat")]
    [InlineData("Bash(cat:*)", "ls | xargs -I{} cat {}")]
    [InlineData("Bash(cat:*)", "ls secrets | xargs -I{} cat secrets/{}")]
    [InlineData("Bash(cat:*)", "echo .env | xargs -0 cat")]
    [InlineData("Bash(cat:*)", "echo .env | xargs -r cat")]
    [InlineData("Bash(cat:*)", "echo .env | timeout 5 xargs cat")]
    [InlineData("Bash(cat:*)", "echo .env | xargs timeout 5 cat")]
    [InlineData("Bash(cat:*)", "echo .env | xargs nice cat")]
    [InlineData("Bash(head:*)", "echo .env | xargs head -n 5")]
    [InlineData("Bash(tail:*)", "echo .env | xargs tail")]
    [InlineData("Bash(grep:*)", "echo .env | xargs grep KEY")]
    [InlineData("Bash(grep:*)", "echo x | xargs grep -r KEY")]
    [InlineData("Bash(wc:*)", "echo /etc/shadow | xargs wc -c")]
    [InlineData("Bash(less:*)", "echo .env | xargs less")]
    [InlineData("Bash(base64:*)", "echo .env | xargs base64")]
    [InlineData("Bash(cp:*)", "echo .env | xargs -I{} cp {} leak.txt")]
    [InlineData("Bash(rm:*)", "echo locked/config.yml | xargs rm")]
    [InlineData("Bash(chmod:*)", "echo locked/config.yml | xargs chmod 777")]
    [InlineData("Bash(touch:*)", "echo locked/new | xargs touch")]
    [InlineData("Bash(tee:*)", "echo locked/config.yml | xargs tee")]
    [InlineData("Bash(cat:*)", "parallel cat ::: .env")]
    [InlineData("Bash(cat:*)", "echo .env | parallel cat")]
    [InlineData("Bash(grep:*)", "parallel grep KEY ::: .env secrets/key.pem")]
    [InlineData("Bash(make:*)", "echo .env | xargs make -f")]
    [InlineData("Bash(python3:*)", "echo .env | xargs python3")]
    [InlineData("Bash(npm test:*)", "echo .env | xargs npm test")]
    [InlineData("Bash(xxd:*)", "echo .env | xargs xxd")]
    [InlineData("Bash(od:*)", "echo .env | xargs od -c")]
    [InlineData("Bash(strings:*)", "echo .env | xargs strings")]
    [InlineData("Bash(awk:*)", "echo .env | xargs awk 1")]
    [InlineData("Bash(tar:*)", "echo secrets | xargs tar cf out.tar")]
    public void An_allow_rule_on_the_inner_command_does_not_approve_arguments_from_stdin(string rule, string command)
    {
        var decision = _world.Decide(command, allow: [rule], deny: ShellWorld.Denies);
        decision.Behavior.ShouldNotBe(PermissionBehavior.Allow, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("Bash(cat:*)", "echo .env | xargs cat")]
    [InlineData("Bash(grep:*)", "echo .env | xargs grep KEY")]
    [InlineData("Bash(rm:*)", "echo locked/config.yml | xargs rm")]
    [InlineData("Bash(cat:*)", "parallel cat ::: .env")]
    public void In_dont_ask_mode_such_a_command_is_refused(string rule, string command)
    {
        var decision = _world.Decide(command, PermissionMode.DontAsk, allow: [rule], deny: ShellWorld.Denies);
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("Bash(cat:*)", "echo /etc/passwd | xargs cat")]
    [InlineData("Bash(wc:*)", "ls /tmp | xargs wc -l")]
    [InlineData("Bash(rm:*)", "echo ~/.bashrc | xargs rm")]
    public void A_file_command_asks_since_its_files_may_lie_outside_the_project(string rule, string command)
    {
        var decision = _world.Decide(command, allow: [rule]);
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("Bash(echo:*)", "ls | xargs echo")]
    [InlineData("Bash(printf:*)", "ls | xargs printf '%s\\n'")]
    public void A_command_that_opens_none_of_its_words_stays_allowed(string rule, string command)
    {
        var decision = _world.Decide(command, allow: [rule], deny: ShellWorld.Denies);
        decision.Behavior.ShouldBe(PermissionBehavior.Allow, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("Bash(make:*)", "ls | xargs make")]
    [InlineData("Bash(npm test:*)", "xargs npm test")]
    [InlineData("Bash(python3 tools/run.py:*)", "ls | xargs python3 tools/run.py")]
    public void Without_path_deny_rules_a_program_whose_arguments_a_prefix_rule_grants_stays_allowed(string rule, string command)
    {
        var decision = _world.DecideWithoutDenies(command, [rule]);
        decision.Behavior.ShouldBe(PermissionBehavior.Allow, command + " → " + decision.Reason);
    }
}
