using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>Class 1: a glob that can match a denied path is denied, wherever the glob sits (operand, redirect, option value).</summary>
public sealed class GlobOperandTests : IDisposable
{
    private readonly ShellWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("cat ./.en*")]
    [InlineData("cat .e?v")]
    [InlineData("cat .[e]nv")]
    [InlineData("cat .[a-f]nv")]
    [InlineData("cat .[!x]nv")]
    [InlineData("cat .*")]
    [InlineData("cat ./.*")]
    [InlineData("cat *")]
    [InlineData("head -n 5 .en*")]
    [InlineData("tail .env*")]
    [InlineData("wc -c .??v")]
    [InlineData("cat secrets/*")]
    [InlineData("cat secr*/key.pem")]
    [InlineData("cat s*/*.pem")]
    [InlineData("cat */key.pem")]
    [InlineData("cat */*")]
    [InlineData("cat nested/*/token.txt")]
    [InlineData("cat nested/*/*")]
    [InlineData("cat **/token.txt")]
    [InlineData("cat ./**/*.pem")]
    [InlineData("cat < .en*")]
    [InlineData("cat < secrets/*.pem")]
    [InlineData("grep KEY .en?")]
    [InlineData("sort .e*")]
    [InlineData("diff .env* src/main.cs")]
    [InlineData("cat src/../.en*")]
    [InlineData("cat docs/../secrets/k*")]
    [InlineData("cd src && cat ../.en*")]
    [InlineData("cd nested && cat */token*")]
    [InlineData("cat clean/*/../../.e*")]
    [InlineData("cat {src,secrets}/*")]
    [InlineData("cat .{e,x}n*")]
    public void A_glob_that_matches_a_denied_file_is_denied(string command)
    {
        var decision = _world.Decide(command);
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("echo x > locked/*")]
    [InlineData("echo x > lock*/config.yml")]
    [InlineData("echo x >> locked/c*")]
    [InlineData("touch locked/*.yml")]
    [InlineData("rm lock?d/*")]
    public void A_glob_write_that_matches_an_edit_denied_file_is_denied(string command) =>
        _world.Decide(command, PermissionMode.AcceptEdits).Behavior.ShouldBe(PermissionBehavior.Deny, command);

    [Theory]
    [InlineData("cat src/*.cs")]
    [InlineData("ls docs/*")]
    [InlineData("wc -l src/*")]
    [InlineData("cat clean/*/*.txt")]
    [InlineData("head -n 1 d*/guide.md")]
    public void A_glob_that_matches_only_allowed_files_stays_allowed(string command) =>
        _world.Behavior(command).ShouldBe(PermissionBehavior.Allow, command);

    [Fact]
    public void A_glob_matching_nothing_is_checked_as_its_literal_text()
    {
        _world.Behavior("cat src/*.none").ShouldBe(PermissionBehavior.Allow);
        _world.Behavior("cat nothing*/x").ShouldBe(PermissionBehavior.Allow);
    }

    [Fact]
    public void A_glob_too_large_to_enumerate_counts_as_matching_the_deny_rule()
    {
        for (var i = 0; i < 2100; i++)
        {
            File.WriteAllText(Path.Combine(_world.Project, "secrets", $"f{i}.txt"), "x");
        }

        var decision = _world.Decide("cat secrets/../*/*");
        decision.Behavior.ShouldBe(PermissionBehavior.Deny, decision.Reason);
    }
}
