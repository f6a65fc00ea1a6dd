using Keel.Terminal.Screen;

namespace Keel.Tests.Terminal.Screen;

/// <summary>The live region's output, replayed on a tiny in-memory terminal emulator.</summary>
public sealed class LiveRegionTests
{
    [Fact]
    public void First_frame_draws_every_line_and_places_the_cursor()
    {
        var screen = new FakeScreen(20, 10);
        var region = new LiveRegion();
        screen.Apply(region.Render(new Frame([], ["a", "> hi", "status"], (1, 4)), 20, 10));
        screen.Lines().ShouldBe(["a", "> hi", "status"]);
        screen.Cursor.ShouldBe((1, 4));
    }

    [Fact]
    public void An_unchanged_frame_rewrites_nothing_and_a_changed_line_only_that_line()
    {
        var region = new LiveRegion();
        region.Render(new Frame([], ["one", "two", "three"], (2, 0)), 20, 10);
        var same = region.Render(new Frame([], ["one", "two", "three"], (2, 0)), 20, 10);
        same.ShouldNotContain("one");
        same.ShouldNotContain("two");
        same.ShouldNotContain("three");

        var changed = region.Render(new Frame([], ["one", "TWO", "three"], (2, 0)), 20, 10);
        changed.ShouldContain("TWO");
        changed.ShouldNotContain("one");
        changed.ShouldNotContain("three");
        changed.ShouldStartWith("\e[?2026h");
        changed.ShouldEndWith("\e[?2026l");
    }

    [Fact]
    public void An_idle_redraw_writes_no_bytes_until_something_changes()
    {
        var screen = new FakeScreen(20, 10);
        var region = new LiveRegion();
        screen.Apply(region.Render(new Frame([], ["> ", "status"], (0, 2)), 20, 10));
        for (var i = 0; i < 4; i++)
        {
            region.Render(new Frame([], ["> ", "status"], (0, 2)), 20, 10).ShouldBeEmpty();
        }

        var moved = region.Render(new Frame([], ["> a", "status"], (0, 3)), 20, 10);
        moved.ShouldNotBeEmpty();
        screen.Apply(moved);
        screen.Lines().ShouldBe(["> a", "status"]);
        screen.Cursor.ShouldBe((0, 3));
        region.Render(new Frame([], ["> a", "status"], (0, 3)), 21, 10).ShouldNotBeEmpty();
    }

    [Fact]
    public void Committed_lines_go_above_the_live_region_and_leftover_rows_are_cleared()
    {
        var screen = new FakeScreen(20, 10);
        var region = new LiveRegion();
        screen.Apply(region.Render(new Frame([], ["working", "tool 1", "tool 2", "> "], (3, 2)), 20, 10));
        screen.Apply(region.Render(new Frame(["answer para"], ["> "], (0, 2)), 20, 10));
        screen.Lines().ShouldBe(["answer para", ">"]);
        screen.Apply(region.Render(new Frame([], ["spinner", "> x"], (1, 3)), 20, 10));
        screen.Lines().ShouldBe(["answer para", "spinner", "> x"]);
        screen.Cursor.ShouldBe((2, 3));
        screen.Apply(region.Render(new Frame([], ["> x"], (0, 3)), 20, 10));
        screen.Lines().ShouldBe(["answer para", "> x"]);
    }

    [Fact]
    public void Lines_wider_than_the_terminal_are_cut_so_rows_stay_counted()
    {
        var screen = new FakeScreen(10, 10);
        var region = new LiveRegion();
        screen.Apply(region.Render(new Frame([], ["0123456789abcdef", "> "], (1, 2)), 10, 10));
        screen.Lines().ShouldBe(["0123456789", ">"]);
    }

    [Fact]
    public void A_live_region_taller_than_the_screen_keeps_its_bottom_rows()
    {
        var screen = new FakeScreen(20, 4);
        var region = new LiveRegion();
        screen.Apply(region.Render(new Frame([], ["1", "2", "3", "4", "5", "> "], (5, 2)), 20, 4));
        screen.Lines().ShouldBe(["4", "5", ">"]);
    }
}
