using Keel.Core.Commands;
using Keel.Terminal.Commands;
using Keel.Terminal.Input;
using Keel.Terminal.Screen;

namespace Keel.Tests.Terminal.Input;

public sealed class SuggestionMenuTests
{
    private static readonly string[] Files = ["README.md", "src/app/Program.cs", "src/app/ProgramTests.cs", "docs/guide.md"];

    private static SuggestionMenu Create()
    {
        var registry = new SlashCommandRegistry();
        InteractiveCommands.Register(registry, new InteractiveCommandServices(_ => Task.FromResult("ok"), [], "test", _ => null, TimeProvider.System));
        return new SuggestionMenu(registry, () => Files);
    }

    [Fact]
    public void Slash_lists_commands_with_hints_and_descriptions_and_narrows_as_you_type()
    {
        var menu = Create();
        menu.Update("/", 1);
        menu.IsCommands.ShouldBeTrue();
        menu.Items.ShouldContain(i => i.Label == "/compact [focus]" && i.Description == "Summarise the conversation to free context");
        menu.Update("/cle", 4);
        menu.Items.Select(static i => i.Insert).ShouldBe(["/clear"]);
        menu.Accept("/cle").ShouldBe(("/clear ", 7));
        menu.Update("/clear now", 10);
        menu.IsOpen.ShouldBeFalse();
    }

    [Fact]
    public void At_lists_directories_that_expand_and_files_fuzzily()
    {
        var menu = Create();
        menu.Update("read @src/a", 11);
        menu.Items[0].ShouldBe(new MenuItem("@src/app/", "src/app/", "directory", Expands: true));
        var (text, cursor) = menu.Accept("read @src/a");
        (text, cursor).ShouldBe(("read @src/app/", 14));
        menu.Update(text, cursor);
        menu.Items.Select(static i => i.Label).ShouldContain("src/app/ProgramTests.cs");
        menu.Move(1);
        menu.Selected.ShouldBe(1);
    }

    [Fact]
    public void Esc_closes_the_menu_until_the_text_changes()
    {
        var menu = Create();
        menu.Update("/c", 2);
        menu.Close("/c");
        menu.Update("/c", 2);
        menu.IsOpen.ShouldBeFalse();
        menu.Update("/co", 3);
        menu.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void No_menu_line_runs_past_a_narrow_terminal()
    {
        var menu = Create();
        menu.Update("/", 1);
        var lines = menu.Render(24);
        lines.Count.ShouldBeGreaterThan(1);
        lines.ShouldAllBe(l => DisplayText.Width(l) <= 24);
    }
}
