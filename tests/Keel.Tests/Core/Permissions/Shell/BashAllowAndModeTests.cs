using Keel.Core.Permissions;
using static Keel.Tests.Core.Permissions.Shell.BashPermissionHarness;

namespace Keel.Tests.Core.Permissions.Shell;

public sealed class BashAllowAndModeTests
{
    [Theory]
    [InlineData("ls -la")]
    [InlineData("cat README.md | head -n 5 | wc -l")]
    [InlineData("grep -rn TODO src")]
    [InlineData("grep -e foo -f patterns.txt src")]
    [InlineData("git status && git log --oneline -5 && git diff HEAD~1")]
    [InlineData("git --no-pager show HEAD")]
    [InlineData("git branch -a")]
    [InlineData("sed -n '1p' file.txt")]
    [InlineData("sed -n '2,10p' file.txt")]
    [InlineData("find . -name '*.cs' -type f")]
    [InlineData("sort -u names.txt")]
    [InlineData("rg -n pattern src")]
    [InlineData("cd src && ls")]
    [InlineData("timeout 5 cat x")]
    [InlineData("nice -n 5 ls")]
    [InlineData("bash -c 'ls && pwd'")]
    [InlineData("for f in a b; do echo \"$f\"; done")]
    [InlineData("echo $HOME")]
    [InlineData("ls 2>/dev/null || echo none")]
    public void Read_only_commands_in_the_project_are_allowed(string command)
    {
        var decision = Decide(command, allow: [], deny: []).Decision;
        decision.Behavior.ShouldBe(PermissionBehavior.Allow, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("sed -i 's/a/b/' file.txt")]
    [InlineData("sed -ni '1p' file.txt")]
    [InlineData("sed -n '1w out' file.txt")]
    [InlineData("find . -delete")]
    [InlineData("find . -fprint out")]
    [InlineData("find . -exec cat {} \\;")]
    [InlineData("sort -o out names.txt")]
    [InlineData("sort -ro out names.txt")]
    [InlineData("sort --output=out names.txt")]
    [InlineData("rg --pre cat pattern")]
    [InlineData("rg -z pattern")]
    [InlineData("rg -nz pattern")]
    [InlineData("rg --search-zip pattern")]
    [InlineData("git -p log")]
    [InlineData("git log --output=x")]
    [InlineData("git branch -D main")]
    [InlineData("git tag v1")]
    [InlineData("git checkout .")]
    [InlineData("awk '{print}' f")]
    [InlineData("xargs cat")]
    [InlineData("env")]
    [InlineData("less f")]
    [InlineData("python3 -c 'print(1)'")]
    [InlineData("uniq in out")]
    [InlineData("date -s 2020-01-01")]
    [InlineData("tree -o out")]
    [InlineData("npm install")]
    public void Commands_outside_R_ask(string command)
    {
        var decision = Decide(command, allow: [], deny: []).Decision;
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("ls", "Bash(ls:*)", PermissionBehavior.Allow)]
    [InlineData("lsof -i", "Bash(ls:*)", PermissionBehavior.Ask)]
    [InlineData("lsof -i", "Bash(ls*)", PermissionBehavior.Allow)]
    [InlineData("npm test", "Bash(npm test:*)", PermissionBehavior.Allow)]
    [InlineData("npm test -- --watch", "Bash(npm test *)", PermissionBehavior.Allow)]
    [InlineData("npm tester", "Bash(npm test:*)", PermissionBehavior.Ask)]
    [InlineData("npm run build", "Bash(npm run build)", PermissionBehavior.Allow)]
    [InlineData("npm run build --prod", "Bash(npm run build)", PermissionBehavior.Ask)]
    [InlineData("npm install --silent", "Bash(npm * --silent)", PermissionBehavior.Allow)]
    [InlineData("npm install --loud", "Bash(npm * --silent)", PermissionBehavior.Ask)]
    [InlineData("npm test && npm publish", "Bash(npm test:*)", PermissionBehavior.Ask)]
    [InlineData("/usr/bin/npm test", "Bash(npm test:*)", PermissionBehavior.Ask)]
    [InlineData("timeout 60 npm test", "Bash(npm test:*)", PermissionBehavior.Allow)]
    [InlineData("env npm test", "Bash(npm test:*)", PermissionBehavior.Allow)]
    [InlineData("xargs npm test", "Bash(npm test:*)", PermissionBehavior.Allow)]
    [InlineData("git commit -m \"fix: a thing\"", "Bash(git commit:*)", PermissionBehavior.Allow)]
    public void Allow_rules_match_on_word_boundaries(string command, string rule, PermissionBehavior expected)
    {
        var decision = Decide(command, allow: [rule], deny: []).Decision;
        decision.Behavior.ShouldBe(expected, command + " → " + decision.Reason);
        if (expected == PermissionBehavior.Allow)
        {
            decision.Rule.ShouldBe(rule);
        }
    }

    [Theory]
    [InlineData(PermissionMode.Default, "ls", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.Default, "npm install", PermissionBehavior.Ask)]
    [InlineData(PermissionMode.Default, "rm -rf build", PermissionBehavior.Deny)]
    [InlineData(PermissionMode.AcceptEdits, "touch new.txt", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.AcceptEdits, "ls", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.Plan, "ls", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.Plan, "npm test", PermissionBehavior.Ask)]
    [InlineData(PermissionMode.Plan, "echo x > out.txt", PermissionBehavior.Deny)]
    [InlineData(PermissionMode.Plan, "cat a > .git/config", PermissionBehavior.Deny)]
    [InlineData(PermissionMode.DontAsk, "npm install", PermissionBehavior.Deny)]
    [InlineData(PermissionMode.DontAsk, "cat /etc/passwd", PermissionBehavior.Deny)]
    [InlineData(PermissionMode.DontAsk, "npm test", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.DontAsk, "ls", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.BypassPermissions, "npm install", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.BypassPermissions, "curl x | sh", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.BypassPermissions, "echo x > /tmp/out", PermissionBehavior.Allow)]
    [InlineData(PermissionMode.BypassPermissions, "rm -rf build", PermissionBehavior.Deny)]
    [InlineData(PermissionMode.BypassPermissions, "echo x > .git/hooks/pre-commit", PermissionBehavior.Ask)]
    [InlineData(PermissionMode.BypassPermissions, "echo x > ~/.bashrc", PermissionBehavior.Ask)]
    public void Mode_table(PermissionMode mode, string command, PermissionBehavior expected)
    {
        var decision = Decide(command, mode).Decision;
        decision.Behavior.ShouldBe(expected, $"{mode}: {command} → {decision.Reason}");
    }

    [Theory]
    [InlineData("cat secrets/key")]
    [InlineData("cd secrets && cat key")]
    [InlineData("head -n 1 < secrets/key")]
    [InlineData("grep -r x secrets")]
    [InlineData("bash -c 'cat secrets/key'")]
    public void Read_deny_rules_apply_to_file_commands(string command)
    {
        var decision = Decide(command, pathDenies: [(Project + "/secrets", PathAccess.Read, "Read(./secrets/**)")]).Decision;
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
        decision.Rule.ShouldBe("Read(./secrets/**)");
    }

    [Theory]
    [InlineData("echo x > locked/a")]
    [InlineData("cp a locked/")]
    [InlineData("mv a locked/b")]
    [InlineData("sed -i s/a/b/ locked/f")]
    [InlineData("echo x | tee locked/x")]
    [InlineData("touch locked/x")]
    [InlineData("rm locked/x")]
    public void Edit_deny_rules_apply_to_writes(string command)
    {
        var decision = Decide(command, deny: [], pathDenies: [(Project + "/locked", PathAccess.Write, "Edit(./locked/**)")]).Decision;
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
        decision.Rule.ShouldBe("Edit(./locked/**)");
    }

    [Fact]
    public void The_decision_lists_the_commands_found() =>
        Decide("ls && bash -c 'pwd'", allow: [], deny: []).Commands.ShouldBe(["ls", "bash -c 'pwd'", "pwd"]);
}
