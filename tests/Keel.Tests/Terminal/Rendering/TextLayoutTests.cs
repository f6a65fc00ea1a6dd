using Keel.Terminal.Rendering.Text;

namespace Keel.Tests.Terminal.Rendering;

public sealed class TextLayoutTests
{
    [Fact]
    public void Escapes_take_no_columns_and_wide_characters_take_two()
    {
        DisplayWidth.Of("\e[1mbold\e[0m").ShouldBe(4);
        DisplayWidth.Of("日本語").ShouldBe(6);
        DisplayWidth.Of("e\u0301").ShouldBe(1);
        DisplayWidth.Of("🙂!").ShouldBe(3);
    }

    [Fact]
    public void Tabs_expand_to_the_next_stop()
    {
        DisplayWidth.ExpandTabs("a\tb").ShouldBe("a   b");
        DisplayWidth.ExpandTabs("\e[31mab\e[0m\tc").ShouldBe("\e[31mab\e[0m  c");
        AnsiWrapper.Wrap("\tx", 20).ShouldBe(["    x"]);
    }

    [Fact]
    public void Prose_wraps_at_spaces()
    {
        AnsiWrapper.Wrap("the quick brown fox jumps", 10).ShouldBe(["the quick", "brown fox", "jumps"]);
    }

    [Fact]
    public void Wide_characters_never_straddle_the_edge()
    {
        var lines = AnsiWrapper.Wrap("日本語のテキスト", 5, words: false);

        lines.ShouldBe(["日本", "語の", "テキ", "スト"]);
        lines.ShouldAllBe(l => DisplayWidth.Of(l) <= 5);
    }

    [Fact]
    public void A_style_open_at_a_break_is_closed_and_reopened()
    {
        var lines = AnsiWrapper.Wrap("\e[1maaa bbb\e[0m", 4);

        lines.ShouldBe(["\e[1maaa\e[0m", "\e[1mbbb\e[0m"]);
    }

    [Fact]
    public void Continuation_lines_get_their_own_prefix()
    {
        var lines = new List<string>();
        AnsiWrapper.Wrap("one two three", 9, lines, "- ", "  ");

        lines.ShouldBe(["- one two", "  three"]);
    }

    [Fact]
    public void Code_wraps_after_a_token_keeping_every_character_and_never_inside_an_escape()
    {
        var code = "\e[36mvar\e[0m total = first.Compute(alpha, beta);";
        var lines = AnsiWrapper.Wrap(code, 20, words: false, tokens: true);

        lines.ShouldBe(["\e[36mvar\e[0m total = first.", "Compute(alpha, beta)", ";"]);
        string.Concat(lines.Select(DisplayWidth.StripAnsi)).ShouldBe("var total = first.Compute(alpha, beta);");
        lines.ShouldAllBe(l => DisplayWidth.Of(l) <= 20);
    }

    [Fact]
    public void Code_without_a_near_token_break_breaks_at_the_edge()
    {
        AnsiWrapper.Wrap("a.bcdefghijklmnopqrstuvwxyz", 10, words: false, tokens: true).ShouldBe(["a.bcdefghi", "jklmnopqrs", "tuvwxyz"]);
    }

    [Fact]
    public void Truncate_cuts_by_columns_and_adds_an_ellipsis()
    {
        AnsiWrapper.Truncate("abcdefgh", 5).ShouldBe("abcd…");
        AnsiWrapper.Truncate("日本語テキスト", 5).ShouldBe("日本…");
        AnsiWrapper.Truncate("short", 5).ShouldBe("short");
    }

    [Fact]
    public void Sanitize_removes_escapes_and_control_characters_from_untrusted_text()
    {
        DisplayWidth.Sanitize("\e[31mred\e[0m\r\nnext\a").ShouldBe("red\nnext");
    }
}
