using Keel.Terminal.Rendering;
using Keel.Terminal.Rendering.Markdown;
using Keel.Terminal.Rendering.Text;

namespace Keel.Tests.Terminal.Rendering;

public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Plain = new(new RenderOptions(Color: false));
    private static readonly MarkdownRenderer Colour = new(new RenderOptions(Color: true));

    [Fact]
    public void Headings_and_inline_styles_render_plain_without_markup_noise()
    {
        var lines = Plain.Render("# Title\n\nSome *emph*, **strong**, ~~gone~~ and `code` with [docs](https://x.dev/a).\n", 80);

        lines.ShouldBe(["# Title", string.Empty, "Some emph, strong, gone and `code` with docs (https://x.dev/a)."]);
    }

    [Fact]
    public void Inline_styles_use_sgr_codes_and_restore_the_outer_style()
    {
        var lines = Colour.Render("a **b *c* d** `e` [f](http://g)", 80);

        lines.ShouldBe(["a \e[1mb \e[3mc\e[0m\e[1m d\e[0m \e[36me\e[0m \e[34mf\e[0m \e[2m(http://g)\e[0m"]);
    }

    [Fact]
    public void Headings_are_bold_in_colour()
    {
        Colour.Render("## Part", 80).ShouldBe(["\e[1mPart\e[0m"]);
        Colour.Render("# Top", 80).ShouldBe(["\e[1m\e[4mTop\e[0m"]);
    }

    [Fact]
    public void Nested_and_ordered_lists_are_indented_under_their_markers()
    {
        var lines = Plain.Render("- apples\n- pears\n  - green\n  - red\n\n1. first\n2. second\n", 80);

        lines.ShouldBe(["• apples", "• pears", "  ◦ green", "  ◦ red", string.Empty, "1. first", "2. second"]);
    }

    [Fact]
    public void Ordered_lists_keep_their_start_number_and_align_markers()
    {
        var lines = Plain.Render("9. nine\n10. ten\n", 80);

        lines.ShouldBe([" 9. nine", "10. ten"]);
    }

    [Fact]
    public void List_items_wrap_under_their_text()
    {
        var lines = Plain.Render("- one two three four\n", 12);

        lines.ShouldBe(["• one two", "  three four"]);
    }

    [Fact]
    public void Block_quotes_and_rules()
    {
        Plain.Render("> quoted\n> text\n", 80).ShouldBe(["> quoted text"]);
        Plain.Render("---\n", 10).ShouldBe(["──────────"]);
        Colour.Render("> q\n", 80).ShouldBe(["\e[2m│\e[0m q"]);
    }

    [Fact]
    public void Fenced_code_is_indented_kept_verbatim_and_coloured_by_language()
    {
        Plain.Render("```python\nif x:\n    return 1  # done\n```\n", 80)
            .ShouldBe(["  if x:", "      return 1  # done"]);
        Colour.Render("```python\nreturn 1\n```\n", 80)
            .ShouldBe(["  \e[35mreturn\e[0m \e[33m1\e[0m"]);
    }

    [Fact]
    public void Code_lines_wider_than_the_screen_break_rather_than_overflow()
    {
        var lines = Plain.Render("```\n" + new string('x', 30) + "\n```\n", 20);

        lines.ShouldBe(["  " + new string('x', 18), "  " + new string('x', 12)]);
    }

    [Fact]
    public void Tables_align_columns()
    {
        var lines = Plain.Render("| name | n |\n|:--|--:|\n| a | 22 |\n| bbb | 3 |\n", 80);

        lines.ShouldBe([
            "┌──────┬────┐",
            "│ name │  n │",
            "├──────┼────┤",
            "│ a    │ 22 │",
            "│ bbb  │  3 │",
            "└──────┴────┘",
        ]);
    }

    [Fact]
    public void Tables_shrink_and_wrap_cells_to_fit_the_width()
    {
        var markdown = "| key | description |\n|---|---|\n| alpha | " + string.Join(' ', Enumerable.Repeat("word", 20)) + " |\n";

        var lines = Colour.Render(markdown, 30);

        lines.ShouldAllBe(l => DisplayWidth.Of(l) <= 30);
        lines.Count.ShouldBeGreaterThan(6);
        lines.Select(DisplayWidth.StripAnsi).ShouldAllBe(l => l.StartsWith('┌') || l.StartsWith('│') || l.StartsWith('├') || l.StartsWith('└'));
        string.Concat(lines.Select(DisplayWidth.StripAnsi)).Split("word").Length.ShouldBe(21);
    }

    [Fact]
    public void Tables_too_narrow_for_columns_become_records()
    {
        var lines = Plain.Render("| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n", 14);

        lines.ShouldBe(["a: 1", "b: 2", "c: 3", "d: 4"]);
    }

    [Fact]
    public void Ascii_mode_uses_ascii_glyphs()
    {
        var ascii = new MarkdownRenderer(new RenderOptions(Color: false, Unicode: false));

        ascii.Render("- a\n  - b\n", 80).ShouldBe(["- a", "  * b"]);
        ascii.Render("| a |\n|---|\n| b |\n", 80).ShouldBe(["+---+", "| a |", "+---+", "| b |", "+---+"]);
    }

    [Fact]
    public void Wide_characters_wrap_by_columns()
    {
        var lines = Plain.Render("日本語 テキスト です\n", 10);

        lines.ShouldBe(["日本語", "テキスト", "です"]);
    }

    [Fact]
    public void No_color_output_contains_no_escape_codes()
    {
        var markdown = "# H\n\n**b** *i* `c` [l](u)\n\n```cs\nvar x = \"s\"; // c\n```\n\n| a |\n|---|\n| b |\n\n> q\n";

        Plain.Render(markdown, 60).ShouldAllBe(l => !l.Contains('\e'));
    }

    [Fact]
    public void Escape_sequences_in_the_answer_are_not_passed_to_the_terminal()
    {
        Colour.Render("evil \e]0;title\a text \e[2J\n", 80).ShouldBe(["evil  text"]);
    }
}
