using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>Item 9: acceptEdits allows ordinary file commands inside the working directories; protected paths and paths outside still ask.</summary>
public sealed class AcceptEditsFileCommandTests : IDisposable
{
    private readonly ShellWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("mkdir -p build/out")]
    [InlineData("touch src/new.cs")]
    [InlineData("cp src/main.cs src/copy.cs")]
    [InlineData("mv src/util.cs src/helpers.cs")]
    [InlineData("rm src/util.cs")]
    [InlineData("rm -f src/util.cs docs/guide.md")]
    [InlineData("rmdir clean/sub")]
    [InlineData("sed -i 's/A/B/g' src/main.cs")]
    [InlineData("sed -i.bak 's|a|b|' src/main.cs")]
    [InlineData("sed -i '3d' src/main.cs")]
    [InlineData("echo hi > notes.txt")]
    [InlineData("echo hi >> docs/guide.md")]
    [InlineData("printf 'x' > src/x.txt")]
    [InlineData("cat src/main.cs > src/copy.cs")]
    [InlineData("echo x | tee out.txt")]
    [InlineData("mkdir tmp && touch tmp/a && mv tmp/a tmp/b")]
    [InlineData("cd src && touch new.cs")]
    public void Ordinary_file_commands_inside_are_allowed(string command)
    {
        var decision = _world.Decide(command, PermissionMode.AcceptEdits);
        decision.Behavior.ShouldBe(PermissionBehavior.Allow, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("touch .git/hooks/pre-commit")]
    [InlineData("echo x > .keel/settings.json")]
    [InlineData("cp src/main.cs .claude/settings.json")]
    [InlineData("mv src/main.cs .mcp.json")]
    [InlineData("rm .gitattributes")]
    [InlineData("mkdir .husky")]
    [InlineData("sed -i 's/a/b/' .git/config")]
    public void Protected_paths_still_ask(string command)
    {
        var decision = _world.Decide(command, PermissionMode.AcceptEdits);
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("touch /etc/x")]
    [InlineData("cp src/main.cs ../elsewhere.cs")]
    [InlineData("rm -rf src")]
    [InlineData("sed -i 's/a/b/w /tmp/x' src/main.cs")]
    [InlineData("sed -i 'e rm x' src/main.cs")]
    [InlineData("echo x > ~/notes.txt")]
    public void Paths_outside_and_risky_forms_still_ask(string command)
    {
        var decision = _world.Decide(command, PermissionMode.AcceptEdits);
        decision.Behavior.ShouldBe(PermissionBehavior.Ask, command + " → " + decision.Reason);
    }

    [Theory]
    [InlineData("touch src/new.cs")]
    [InlineData("echo hi > notes.txt")]
    public void Default_mode_still_asks_for_writes(string command) =>
        _world.Decide(command).Behavior.ShouldBe(PermissionBehavior.Ask, command);
}
