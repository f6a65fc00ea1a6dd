using Keel.Terminal.Input;
using Keel.Terminal.Input.Vim;

namespace Keel.Tests.Terminal.Input.Vim;

public sealed class VimEditorTests
{
    [Theory]
    [InlineData("hello wo|rld", "h", "hello w|orld")]
    [InlineData("|hello", "h", "|hello")]
    [InlineData("hel|lo", "l", "hell|o")]
    [InlineData("hell|o", "l", "hell|o")]
    [InlineData("he|llo", "3l", "hell|o")]
    [InlineData("|foo.bar baz", "w", "foo|.bar baz")]
    [InlineData("|foo.bar baz", "2w", "foo.|bar baz")]
    [InlineData("|foo.bar baz", "W", "foo.bar |baz")]
    [InlineData("foo.bar |baz", "b", "foo.|bar baz")]
    [InlineData("foo.bar |baz", "B", "|foo.bar baz")]
    [InlineData("|foo.bar baz", "e", "fo|o.bar baz")]
    [InlineData("|foo.bar baz", "E", "foo.ba|r baz")]
    [InlineData("  one two|", "0", "|  one two")]
    [InlineData("  one two|", "^", "  |one two")]
    [InlineData("|  one two", "$", "  one tw|o")]
    [InlineData("a|b\ncd\nef", "G", "ab\ncd\n|ef")]
    [InlineData("ab\ncd\ne|f", "gg", "|ab\ncd\nef")]
    [InlineData("ab\ncd\ne|f", "2G", "ab\n|cd\nef")]
    [InlineData("a|bc\nd\nefg", "2j", "abc\nd\ne|fg")]
    [InlineData("abc\nd\nef|g", "k", "abc\n|d\nefg")]
    [InlineData("|a,b,c,d", "f,", "a|,b,c,d")]
    [InlineData("|a,b,c,d", "2f,", "a,b|,c,d")]
    [InlineData("|a,b,c,d", "f,;;", "a,b,c|,d")]
    [InlineData("|a,b,c,d", "f,;,", "a|,b,c,d")]
    [InlineData("|a,b,c,d", "t,", "|a,b,c,d")]
    [InlineData("|xa,b,c,d", "t,;", "xa,|b,c,d")]
    [InlineData("a,b,c,|d", "F,", "a,b,c|,d")]
    [InlineData("a,b,c,|d", "T,", "a,b,c,|d")]
    [InlineData("a,b,c,|d", "2T,", "a,b,|c,d")]
    [InlineData("|abc", "fz", "|abc")]
    public void Motions_move_the_cursor(string start, string keys, string expected) =>
        VimHarness.Normal(start).Keys(keys).Shown.ShouldBe(expected);

    [Theory]
    [InlineData("|one two three", "dw", "|two three")]
    [InlineData("|one two three", "d2w", "|three")]
    [InlineData("|one two three", "2dw", "|three")]
    [InlineData("|one two three four", "2d2w", "|")]
    [InlineData("one |two\nthree", "dw", "one| \nthree")]
    [InlineData("one two |three", "db", "one |three")]
    [InlineData("|one two", "de", "| two")]
    [InlineData("one t|wo three", "d0", "|wo three")]
    [InlineData("one t|wo three", "d$", "one |t")]
    [InlineData("one t|wo three", "D", "one |t")]
    [InlineData("|a,b,c", "dt,", "|,b,c")]
    [InlineData("|a,b,c", "df,", "|b,c")]
    [InlineData("|a,b,c", "d2f,", "|c")]
    [InlineData("a,b,|c", "dF,", "a,b|c")]
    [InlineData("o|ne two", "x", "o|e two")]
    [InlineData("o|ne two", "3x", "o|two")]
    [InlineData("one|", "x", "on|e")]
    [InlineData("on|e", "X", "o|e")]
    [InlineData("o|ne", "5X", "|ne")]
    [InlineData("a\nb|b\nc", "dd", "a\n|c")]
    [InlineData("a\nb\n|c", "dd", "a\n|b")]
    [InlineData("|a\nb\nc", "2dd", "|c")]
    [InlineData("|a\nb\nc", "dj", "|c")]
    [InlineData("a\nb\n|c", "dk", "|a")]
    [InlineData("a\n|b\nc\nd", "dG", "|a")]
    [InlineData("a\nb\n|c", "dgg", "|")]
    [InlineData("|hello", "rj", "|jello")]
    [InlineData("|hello", "3rx", "xx|xlo")]
    [InlineData("|hello", "9rx", "|hello")]
    [InlineData("|hello", "~", "H|ello")]
    [InlineData("|hello World", "7~", "HELLO w|orld")]
    [InlineData("|a\n  b\nc", "J", "a| b\nc")]
    [InlineData("|a\nb\nc", "3J", "a b| c")]
    [InlineData("|f(\n)", "J", "f|()")]
    public void Operators_and_commands_edit_the_text(string start, string keys, string expected) =>
        VimHarness.Normal(start).Keys(keys).Shown.ShouldBe(expected);

    [Theory]
    [InlineData("one tw|o three", "diw", "one | three")]
    [InlineData("one tw|o three", "daw", "one |three")]
    [InlineData("one tw|o", "daw", "on|e")]
    [InlineData("one|   two", "diw", "one|two")]
    [InlineData("|one two three", "d2aw", "|three")]
    [InlineData("a foo.b|ar b", "diW", "a | b")]
    [InlineData("say \"he|llo there\" now", "di\"", "say \"|\" now")]
    [InlineData("say \"he|llo there\" now", "da\"", "say |now")]
    [InlineData("|say 'hi' now", "di'", "say '|' now")]
    [InlineData("say \"a\" \"b|\"", "di\"", "say \"a\" \"|\"")]
    [InlineData("x = f(a, g(|b), c)", "di(", "x = f(a, g(|), c)")]
    [InlineData("x = f(a, g(|b), c)", "da(", "x = f(a, g|, c)")]
    [InlineData("x = f(a, g(|b), c)", "d2i(", "x = f(|)")]
    [InlineData("x = f|(a)", "dib", "x = f(|)")]
    [InlineData("x = f(a|)", "di)", "x = f(|)")]
    [InlineData("x[1|2]", "di[", "x[|]")]
    [InlineData("x[1|2]", "da]", "|x")]
    [InlineData("if {\n  b|ody\n}", "di{", "if {|}")]
    [InlineData("if {\n  b|ody\n}", "da{", "if| ")]
    [InlineData("<a|b>", "di<", "<|>")]
    [InlineData("no brackets| here", "di(", "no brackets| here")]
    public void Text_objects_select_what_they_name(string start, string keys, string expected) =>
        VimHarness.Normal(start).Keys(keys).Shown.ShouldBe(expected);

    [Theory]
    [InlineData("one tw|o three", "ciwX<Esc>", "one |X three")]
    [InlineData("|one two", "cwhi<Esc>", "h|i two")]
    [InlineData("on|e two", "cwX<Esc>", "on|X two")]
    [InlineData("|one two three", "c2wX<Esc>", "|X three")]
    [InlineData("say \"a|b\"", "ci\"xy<Esc>", "say \"x|y\"")]
    [InlineData("f(|a)", "ca(z<Esc>", "f|z")]
    [InlineData("one t|wo", "Cx<Esc>", "one t|x")]
    [InlineData("  a|b\nc", "ccx<Esc>", "|x\nc")]
    [InlineData("a|b", "sX<Esc>", "a|X")]
    [InlineData("ab|c", "Sq<Esc>", "|q")]
    [InlineData("a|b", "iX<Esc>", "a|Xb")]
    [InlineData("a|b", "aX<Esc>", "ab|X")]
    [InlineData("  a|b", "IX<Esc>", "  |Xab")]
    [InlineData("a|b", "AX<Esc>", "ab|X")]
    [InlineData("a|\nb", "oX<Esc>", "a\n|X\nb")]
    [InlineData("a\n|b", "OX<Esc>", "a\n|X\nb")]
    [InlineData("|", "3ia<Esc>", "aa|a")]
    [InlineData("|x", "ia<S-CR>b<Esc>", "a\n|bx")]
    [InlineData("a|bc", "ixy<BS><Esc>", "a|xbc")]
    public void Changes_enter_insert_mode_and_escape_returns_to_normal(string start, string keys, string expected)
    {
        var vim = VimHarness.Normal(start).Keys(keys);
        vim.Shown.ShouldBe(expected);
        vim.Vim.Mode.ShouldBe(VimMode.Normal);
    }

    [Theory]
    [InlineData("|one two three four", "dw.", "|three four")]
    [InlineData("|one two three four", "dw2.", "|four")]
    [InlineData("|abcdef", "x..", "|def")]
    [InlineData("|abcdef", "2x.", "|ef")]
    [InlineData("one |two three", "ciwX<Esc>w.", "one X |X")]
    [InlineData("|a\nb", "AX<Esc>j.", "aX\nb|X")]
    [InlineData("|a b c", "ix<Esc>w.w.", "xa xb |xc")]
    [InlineData("|a\nb\nc\nd", "dd.", "|c\nd")]
    [InlineData("|x", "3ia<Esc>.", "aaaa|aax")]
    [InlineData("|abc", "rzl.", "z|zc")]
    public void Dot_repeats_the_last_change(string start, string keys, string expected) =>
        VimHarness.Normal(start).Keys(keys).Shown.ShouldBe(expected);

    [Fact]
    public void Undo_and_redo_walk_changes_and_an_insert_session_is_one_step()
    {
        var vim = VimHarness.Normal("|one two three");
        vim.Keys("dw").Text.ShouldBe("two three");
        vim.Keys("AX Y<Esc>").Text.ShouldBe("two threeX Y");
        vim.Keys("u").Text.ShouldBe("two three");
        vim.Keys("u").Text.ShouldBe("one two three");
        vim.Keys("u").Text.ShouldBe("one two three");
        vim.Keys("<C-r>").Text.ShouldBe("two three");
        vim.Keys("<C-r>").Text.ShouldBe("two threeX Y");
        vim.Keys("<C-r>").Text.ShouldBe("two threeX Y");
    }

    [Fact]
    public void A_repeat_undoes_in_one_step_and_a_new_change_clears_redo()
    {
        var vim = VimHarness.Normal("|a b c d");
        vim.Keys("ciwX<Esc>w.").Text.ShouldBe("X X c d");
        vim.Keys("u").Text.ShouldBe("X b c d");
        vim.Keys("x").Text.ShouldBe("X  c d");
        vim.Keys("<C-r>").Text.ShouldBe("X  c d");
        vim.Keys("2u").Text.ShouldBe("a b c d");
    }

    [Fact]
    public void Text_typed_before_the_first_escape_can_be_undone()
    {
        var vim = VimHarness.Insert(string.Empty).Keys("hello<Esc>");
        vim.Shown.ShouldBe("hell|o");
        vim.Keys("u").Text.ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData("|one two", "yeP", "on|eone two")]
    [InlineData("|one two", "yep", "oon|ene two")]
    [InlineData("|one two", "yw$p", "one twoone| ")]
    [InlineData("|a\nb", "yyp", "a\n|a\nb")]
    [InlineData("a\n|b", "yyP", "a\n|b\nb")]
    [InlineData("|a\nb", "yy2p", "a\n|a\na\nb")]
    [InlineData("|a\nb", "Yjp", "a\nb\n|a")]
    [InlineData("|a\nb\nc", "ddp", "b\n|a\nc")]
    [InlineData("|ab", "xp", "b|a")]
    [InlineData("a\n|b\nc", "yk", "|a\nb\nc")]
    public void Yank_and_put(string start, string keys, string expected) =>
        VimHarness.Normal(start).Keys(keys).Shown.ShouldBe(expected);

    [Theory]
    [InlineData("|one two three", "ved", "| two three")]
    [InlineData("|one two three", "vwd", "|wo three")]
    [InlineData("one t|wo three", "viwd", "one | three")]
    [InlineData("one t|wo three", "vawc<Esc>", "one| three")]
    [InlineData("|one two", "veU", "|ONE two")]
    [InlineData("|ONE two", "veu", "|one two")]
    [InlineData("|one two", "v$~", "|ONE TWO")]
    [InlineData("|abc", "vlrx", "|xxc")]
    [InlineData("|one two", "veyP", "on|eone two")]
    [InlineData("|one two", "yiwwviwp", "one on|e")]
    [InlineData("a\n|b\nc", "Vd", "a\n|c")]
    [InlineData("|a\nb\nc", "Vjd", "|c")]
    [InlineData("|a\nb\nc", "VjJ", "a| b\nc")]
    [InlineData("|a\nb\nc", "vjd", "|\nc")]
    [InlineData("on|e two", "vbod", "| two")]
    public void Visual_mode_selects_and_operates(string start, string keys, string expected)
    {
        var vim = VimHarness.Normal(start).Keys(keys);
        vim.Shown.ShouldBe(expected);
        vim.Vim.Mode.ShouldBe(VimMode.Normal);
    }

    [Fact]
    public void Visual_mode_reports_its_selection_and_escape_leaves_it()
    {
        var vim = VimHarness.Normal("one t|wo three").Keys("v");
        vim.Vim.ModeLabel.ShouldBe("-- VISUAL --");
        vim.Keys("e");
        vim.Vim.Selection.ShouldBe((5, 7));
        vim.Keys("V");
        vim.Vim.ModeLabel.ShouldBe("-- VISUAL LINE --");
        vim.Vim.Selection.ShouldBe((0, 13));
        vim.Keys("<Esc>");
        vim.Vim.Mode.ShouldBe(VimMode.Normal);
        vim.Vim.Selection.ShouldBeNull();
        vim.Text.ShouldBe("one two three");
    }

    [Fact]
    public void Keys_vim_does_not_own_go_to_the_ordinary_editor()
    {
        var vim = VimHarness.Normal("a|b");
        vim.Keys("<Tab><C-a><Up>");
        vim.PassedOn.Select(static k => k.Key).ShouldBe([Key.Tab, Key.Ctrl, Key.Up]);
        vim.Text.ShouldBe("ab");

        // Escape with nothing pending is the REPL's (interrupt, rewind); with a half-typed command it only cancels that.
        vim.Keys("d<Esc>");
        vim.PassedOn.Count.ShouldBe(3);
        vim.Keys("<Esc>");
        vim.PassedOn[^1].Key.ShouldBe(Key.Escape);
    }

    [Fact]
    public void Enter_submits_from_any_mode_and_the_next_prompt_starts_in_insert_mode()
    {
        var vim = VimHarness.Normal("|hello").Keys("x<CR>");
        vim.PassedOn.ShouldHaveSingleItem().Key.ShouldBe(Key.Enter);
        vim.Vim.Mode.ShouldBe(VimMode.Insert);

        // The REPL empties the editor on submit; undo history does not reach into the sent prompt.
        vim.Text = string.Empty;
        vim.Cursor = 0;
        vim.Keys("<Esc>u").Text.ShouldBe(string.Empty);
    }

    [Fact]
    public void J_and_k_at_the_edges_move_through_history()
    {
        var vim = VimHarness.Normal("|one\ntwo");
        vim.Keys("k");
        vim.PassedOn.ShouldHaveSingleItem().Key.ShouldBe(Key.Up);
        vim.Keys("j");
        vim.Shown.ShouldBe("one\n|two");
        vim.Keys("j");
        vim.PassedOn[^1].Key.ShouldBe(Key.Down);
    }

    [Fact]
    public void An_unknown_command_is_dropped_and_the_next_one_works()
    {
        var vim = VimHarness.Normal("|abc").Keys("dz");
        vim.Vim.PendingKeys.ShouldBeEmpty();
        vim.Keys("x").Text.ShouldBe("bc");
    }

    [Fact]
    public void A_pending_command_is_shown_until_complete()
    {
        var vim = VimHarness.Normal("|abc def").Keys("2d");
        vim.Vim.PendingKeys.ShouldBe("2d");
        vim.Text.ShouldBe("abc def");
        vim.Keys("w");
        vim.Vim.PendingKeys.ShouldBeEmpty();
        vim.Text.ShouldBe(string.Empty);
    }

    [Fact]
    public void Backspace_in_normal_mode_moves_left_and_delete_removes_the_character()
    {
        var vim = VimHarness.Normal("ab|c").Keys("<BS>");
        vim.PassedOn.ShouldHaveSingleItem().Key.ShouldBe(Key.Left);
        vim.Keys("<Del>").Shown.ShouldBe("a|b");
    }
}
