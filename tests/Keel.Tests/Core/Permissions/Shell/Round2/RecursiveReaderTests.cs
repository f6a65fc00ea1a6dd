using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>Class 2: commands that walk a tree (given or implicit) holding a denied file: deny when they read contents, ask otherwise.</summary>
public sealed class RecursiveReaderTests : IDisposable
{
    private static readonly string[] ArchiveRules = ["Bash(tar:*)", "Bash(zip:*)", "Bash(rsync:*)", "Bash(cp:*)", "Bash(7z:*)", "Bash(scp:*)", "Bash(du:*)", "Bash(gzip:*)", "Bash(sha256sum:*)", "Bash(ag:*)", "Bash(ack:*)", "Bash(ugrep:*)"];
    private readonly ShellWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("grep -r KEY .")]
    [InlineData("grep -r KEY")]
    [InlineData("grep -R KEY")]
    [InlineData("grep -rn KEY .")]
    [InlineData("grep -nri key")]
    [InlineData("grep --recursive KEY .")]
    [InlineData("grep --dereference-recursive KEY")]
    [InlineData("grep -d recurse KEY .")]
    [InlineData("grep --directories=recurse KEY .")]
    [InlineData("egrep -r 'KEY|TOKEN' .")]
    [InlineData("fgrep -r KEY")]
    [InlineData("grep -r -e KEY")]
    [InlineData("grep -rl KEY ./")]
    [InlineData("grep -r PRIVATE secrets")]
    [InlineData("grep -r TOKEN nested")]
    [InlineData("grep -r TOKEN nested/deep/")]
    [InlineData("cd nested && grep -r TOKEN")]
    [InlineData("cd src && grep -r KEY ..")]
    [InlineData("rg KEY")]
    [InlineData("rg KEY .")]
    [InlineData("rg -uu KEY")]
    [InlineData("rg --hidden KEY")]
    [InlineData("rg -n TOKEN nested")]
    [InlineData("rg -l . secrets")]
    [InlineData("cd nested/deep && rg TOKEN")]
    [InlineData("find . -type f -exec cat {} +")]
    [InlineData("find . -exec grep KEY {} ;")]
    [InlineData("find -L . -name '*' -exec head {} +")]
    [InlineData("cp -r . /tmp/copy")]
    [InlineData("cp -R secrets /tmp/x")]
    [InlineData("cp -a nested /tmp/x")]
    [InlineData("cp --recursive . ../copy")]
    [InlineData("diff -r nested clean")]
    [InlineData("rg --files-with-matches KEY")]
    public void A_tree_reader_over_a_denied_file_is_denied(string command)
    {
        var decision = _world.Decide(command);
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("tar czf /tmp/out.tgz .")]
    [InlineData("tar -czf /tmp/out.tgz secrets")]
    [InlineData("tar cf - . ")]
    [InlineData("tar -c -f /tmp/x.tar nested")]
    [InlineData("zip -r /tmp/out.zip .")]
    [InlineData("zip -qr /tmp/out.zip nested")]
    [InlineData("rsync -a . /tmp/mirror")]
    [InlineData("rsync -av secrets/ /tmp/s")]
    [InlineData("7z a /tmp/x.7z .")]
    [InlineData("scp -r . host:/tmp")]
    [InlineData("gzip -rk secrets")]
    [InlineData("sha256sum -r nested")]
    [InlineData("ag KEY")]
    [InlineData("ack TOKEN nested")]
    [InlineData("ugrep -r KEY")]
    [InlineData("tar czf /tmp/out.tgz .env")]
    [InlineData("zip /tmp/out.zip .env")]
    [InlineData("cp .env /tmp/x")]
    public void An_allow_rule_on_an_archiver_or_copier_does_not_beat_a_deny_inside_the_tree(string command)
    {
        var decision = _world.Decide(command, allow: ArchiveRules);
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("find .")]
    [InlineData("find")]
    [InlineData("find . -name '*.pem'")]
    [InlineData("ls -R")]
    [InlineData("ls -laR .")]
    [InlineData("ls --recursive nested")]
    [InlineData("du -a")]
    [InlineData("du -sh .")]
    [InlineData("tree")]
    [InlineData("tree nested")]
    [InlineData("rg --files")]
    public void A_name_lister_over_a_denied_file_asks(string command)
    {
        var decision = _world.Decide(command);
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("find .")]
    [InlineData("ls -R nested")]
    [InlineData("du -a")]
    public void A_name_lister_over_a_denied_file_is_denied_in_dont_ask(string command) =>
        _world.Decide(command, PermissionMode.DontAsk).Behavior.ShouldBe(PermissionBehavior.Deny, command);

    [Theory]
    [InlineData("grep -r KEY src")]
    [InlineData("rg KEY docs")]
    [InlineData("grep -r x clean")]
    [InlineData("find src -name '*.cs'")]
    [InlineData("ls -R clean")]
    [InlineData("du -a docs")]
    [InlineData("cd clean && rg x")]
    [InlineData("cd src && grep -r class")]
    public void Tree_readers_over_clean_trees_stay_allowed(string command) =>
        _world.Behavior(command).ShouldBe(PermissionBehavior.Allow, command);

    [Theory]
    [InlineData("rm -rf locked")]
    [InlineData("rm -r .")]
    [InlineData("chmod -R 600 locked")]
    [InlineData("chown -R me .")]
    [InlineData("mv locked /tmp/x")]
    [InlineData("mv . ../elsewhere")]
    public void Recursive_writers_over_an_edit_denied_file_are_denied(string command)
    {
        var decision = _world.Decide(command, PermissionMode.AcceptEdits, allow: ["Bash(rm:*)", "Bash(chmod:*)", "Bash(chown:*)", "Bash(mv:*)"]);
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
    }

    [Fact]
    public void A_denied_file_reached_through_a_symlinked_tree_is_found()
    {
        File.CreateSymbolicLink(Path.Combine(_world.Project, "clean", "link-to-env"), Path.Combine(_world.Project, ".env"));
        _world.Behavior("grep -r KEY clean").ShouldBe(PermissionBehavior.Deny);
    }
}
