using Keel.Terminal.Rendering;
using Keel.Terminal.Rendering.Diff;
using Keel.Terminal.Rendering.Text;

namespace Keel.Tests.Terminal.Rendering;

public sealed class DiffRendererTests
{
    private static readonly RenderOptions Plain = new(Color: false);

    private static string Numbered(int from, int to) =>
        string.Join('\n', Enumerable.Range(from, to - from + 1).Select(i => $"line {i}")) + "\n";

    [Fact]
    public void A_changed_line_shows_numbers_signs_and_context()
    {
        var lines = DiffRenderer.Render("src/a.txt", "a\nb\nc\n", "a\nB\nc\n", 80, Plain);

        lines.ShouldBe(["src/a.txt +1 -1", "1   a", "2 - b", "2 + B", "3   c"]);
    }

    [Fact]
    public void Unchanged_stretches_are_cut_to_three_lines_of_context_with_a_gap_marker()
    {
        var before = Numbered(1, 20);
        var after = before.Replace("line 3\n", "line three\n", StringComparison.Ordinal).Replace("line 17\n", "line seventeen\n", StringComparison.Ordinal);

        var lines = DiffRenderer.Render("f", before, after, 80, Plain, header: false);

        lines.ShouldBe([
            " 1   line 1", " 2   line 2", " 3 - line 3", " 3 + line three", " 4   line 4", " 5   line 5", " 6   line 6",
            "   ⋮",
            "14   line 14", "15   line 15", "16   line 16", "17 - line 17", "17 + line seventeen", "18   line 18", "19   line 19", "20   line 20",
        ]);
    }

    [Fact]
    public void Long_diffs_end_with_a_count_of_the_lines_left_out()
    {
        var lines = DiffRenderer.Render("f", string.Empty, Numbered(1, 100), 80, Plain, maxLines: 10, header: false);

        lines.Count.ShouldBe(10);
        lines[0].ShouldBe("  1 + line 1");
        lines[^1].ShouldBe("    … 91 more lines");
    }

    [Fact]
    public void Fragments_can_start_at_their_line_in_the_file()
    {
        DiffRenderer.Render("f", "x = 1", "x = 2", 80, Plain, firstLineNumber: 41, header: false)
            .ShouldBe(["41 - x = 1", "41 + x = 2"]);
    }

    [Fact]
    public void Colours_mark_removed_lines_red_and_added_lines_green()
    {
        var lines = DiffRenderer.Render("f", "a\n", "b\n", 80, new RenderOptions(Color: true), header: false);

        lines.ShouldBe(["\e[2m1\e[0m \e[31m- a\e[0m", "\e[2m1\e[0m \e[32m+ b\e[0m"]);
    }

    [Fact]
    public void Long_lines_are_truncated_to_the_width_and_tabs_expanded()
    {
        var lines = DiffRenderer.Render("f", "\tshort\n", new string('x', 200) + "\n", 40, Plain, header: false);

        lines[0].ShouldBe("1 -     short");
        DisplayWidth.Of(lines[1]).ShouldBe(40);
        lines[1].ShouldEndWith("…");
    }

    [Fact]
    public void Identical_texts_say_so()
    {
        DiffRenderer.Render("f", "same\n", "same\n", 80, Plain).ShouldBe(["f +0 -0", "(no changes)"]);
    }
}
