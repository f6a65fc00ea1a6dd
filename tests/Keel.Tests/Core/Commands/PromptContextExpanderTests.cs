using Keel.Core.Commands;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Tests.Core.Permissions;
using Keel.Tools.Shell;

namespace Keel.Tests.Core.Commands;

public sealed class PromptContextExpanderTests : IDisposable
{
    private readonly PermissionWorld _world = new();

    [Fact]
    public async Task An_allowed_command_is_replaced_by_its_output()
    {
        var engine = _world.Engine(allow: ["Bash(echo:*)"]);

        var text = await Expander(engine).ExpandAsync("Status: !`echo hello-from-shell`\nend", CancellationToken.None);

        text.ShouldBe("Status: hello-from-shell\nend");
    }

    [Fact]
    public async Task A_command_the_rules_do_not_allow_is_reported_and_not_run()
    {
        var engine = _world.Engine();
        var marker = Path.Combine(_world.Project, "ran.txt");

        var text = await Expander(engine).ExpandAsync($"!`touch {marker}`", CancellationToken.None);

        File.Exists(marker).ShouldBeFalse();
        text.ShouldContain("was not run");
    }

    [Fact]
    public async Task Turn_rules_allow_a_command_only_while_their_scope_lasts()
    {
        var engine = _world.Engine();
        var inside = Path.Combine(_world.Project, "inside.txt");
        var outside = Path.Combine(_world.Project, "outside.txt");
        using (engine.BeginTurn(["Bash(touch:*)"]))
        {
            await Expander(engine).ExpandAsync($"!`touch {inside}`", CancellationToken.None);
        }

        var text = await Expander(engine).ExpandAsync($"!`touch {outside}`", CancellationToken.None);

        File.Exists(inside).ShouldBeTrue();
        File.Exists(outside).ShouldBeFalse();
        text.ShouldContain("was not run");
    }

    [Fact]
    public async Task A_fenced_block_runs_as_one_command()
    {
        var engine = _world.Engine(allow: ["Bash(echo:*)"]);

        var text = await Expander(engine).ExpandAsync("before\n```!\necho fenced\n```\nafter", CancellationToken.None);

        text.ShouldBe("before\nfenced\n\nafter");
    }

    [Fact]
    public async Task At_file_inlines_a_readable_file_and_refuses_a_denied_one()
    {
        _world.Write("notes.txt", "the notes");
        _world.Write("secret.env", "TOKEN=1");
        var engine = _world.Engine(deny: ["Read(./secret.env)"]);

        var text = await Expander(engine).ExpandAsync("see @notes.txt and @secret.env, mail me@example.com @missing.txt", CancellationToken.None);

        text.ShouldContain("<file path=\"notes.txt\">\nthe notes\n</file>");
        text.ShouldNotContain("TOKEN=1");
        text.ShouldContain("@secret.env [not included:");
        text.ShouldContain("me@example.com @missing.txt");
    }

    [Fact]
    public async Task Output_is_not_scanned_again()
    {
        _world.Write("notes.txt", "the notes");
        var engine = _world.Engine(allow: ["Bash(echo:*)"]);

        var text = await Expander(engine).ExpandAsync("!`echo @notes.txt`", CancellationToken.None);

        text.ShouldBe("@notes.txt");
    }

    private PromptContextExpander Expander(PermissionEngine engine)
    {
        var session = new ToolSession(_world.Project, [], Path.Combine(_world.Root, ".session"), TimeProvider.System) { Paths = engine.Paths };
        return new PromptContextExpander(ShellTools.CreateBash(), engine, session);
    }

    public void Dispose() => _world.Dispose();
}
