using Keel.Terminal.Input;

namespace Keel.Tests.Terminal.Input;

public sealed class LineEditorTests
{
    private static LineEditor With(string text)
    {
        var editor = new LineEditor();
        editor.Insert(text);
        return editor;
    }

    [Fact]
    public void Emacs_line_motion_and_kills_work_and_yank_restores()
    {
        var editor = With("hello brave world");
        editor.KillWordBack();
        editor.Text.ShouldBe("hello brave ");
        editor.Yank();
        editor.Text.ShouldBe("hello brave world");
        editor.LineStart();
        editor.WordForward();
        editor.Cursor.ShouldBe(5);
        editor.KillToEnd();
        editor.Text.ShouldBe("hello");
        editor.LineEnd();
        editor.KillToStart();
        editor.Text.ShouldBe(string.Empty);
        editor.Yank();
        editor.Text.ShouldBe("hello");
    }

    [Fact]
    public void Word_back_skips_punctuation_then_the_word()
    {
        var editor = With("run npm test -- --watch");
        editor.WordBack();
        editor.Text[editor.Cursor..].ShouldBe("watch");
        editor.WordBack();
        editor.Text[editor.Cursor..].ShouldBe("test -- --watch");
    }

    [Fact]
    public void Multi_line_text_moves_by_line_and_reports_the_position()
    {
        var editor = With("first line\nsecond");
        editor.OnLastLine.ShouldBeTrue();
        editor.OnFirstLine.ShouldBeFalse();
        editor.Position().ShouldBe((1, 6));
        editor.Up();
        editor.Position().ShouldBe((0, 6));
        editor.OnFirstLine.ShouldBeTrue();
        editor.Down();
        editor.Position().ShouldBe((1, 6));
    }

    [Fact]
    public void A_large_paste_shows_a_placeholder_but_submits_the_whole_text()
    {
        var editor = With("look: ");
        var paste = string.Join('\n', Enumerable.Range(1, 50).Select(static i => $"line {i}"));
        editor.Paste(paste);
        editor.Text.ShouldBe("look: [Pasted text #1 +49 lines]");
        editor.Submit().ShouldBe("look: " + paste);
        editor.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_small_paste_is_typed_in()
    {
        var editor = With("a");
        editor.Paste("b\nc");
        editor.Text.ShouldBe("ab\nc");
    }

    [Fact]
    public void Backspace_and_delete_remove_whole_surrogate_pairs()
    {
        var editor = With("x😀");
        editor.Backspace();
        editor.Text.ShouldBe("x");
        editor.Insert("😀y");
        editor.LineStart();
        editor.Right();
        editor.Delete();
        editor.Text.ShouldBe("xy");
    }
}
