using System.Text;
using System.Text.Json.Nodes;
using Keel.Tools.Files;

namespace Keel.Tests.Tools.Files;

public sealed class EditToolTests : IDisposable
{
    private readonly ToolHarness _h = new();
    private readonly EditTool _edit = new();
    private readonly ReadTool _read = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Replaces_a_unique_match_and_shows_a_snippet()
    {
        var path = await WriteAndReadAsync("a.cs", "one\ntwo\nthree\nfour\n");
        var result = await EditAsync(path, "two", "TWO");
        result.IsError.ShouldBeFalse();
        (await File.ReadAllTextAsync(path)).ShouldBe("one\nTWO\nthree\nfour\n");
        result.Text.ShouldContain("     2\tTWO\n");
        result.Text.ShouldContain("     1\tone\n");
        var details = result.Details!;
        details["originalFile"]!.GetValue<string>().ShouldBe("one\ntwo\nthree\nfour\n");
        details["userModified"]!.GetValue<bool>().ShouldBeFalse();
        details["replaceAll"]!.GetValue<bool>().ShouldBeFalse();
        var hunk = details["structuredPatch"]!.AsArray().ShouldHaveSingleItem()!;
        hunk["oldStart"]!.GetValue<int>().ShouldBe(1);
        hunk["oldLines"]!.GetValue<int>().ShouldBe(4);
        hunk["newLines"]!.GetValue<int>().ShouldBe(4);
        hunk["lines"]!.AsArray().Select(l => l!.GetValue<string>()).ShouldBe([" one", "-two", "+TWO", " three", " four"]);
    }

    [Fact]
    public async Task Multiple_matches_need_replace_all()
    {
        var path = await WriteAndReadAsync("a.txt", "x = 1\nx = 2\nx = 3\n");
        var refused = await EditAsync(path, "x =", "y =");
        refused.IsError.ShouldBeTrue();
        refused.Text.ShouldContain("3 times");
        refused.Text.ShouldContain("replace_all");

        var result = await EditAsync(path, "x =", "y =", replaceAll: true);
        result.IsError.ShouldBeFalse();
        (await File.ReadAllTextAsync(path)).ShouldBe("y = 1\ny = 2\ny = 3\n");
    }

    [Fact]
    public async Task Refuses_unread_and_stale_files()
    {
        var path = _h.Write("a.txt", "hello");
        (await EditAsync(path, "hello", "bye")).Text.ShouldContain("has not been read");

        await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        await File.WriteAllTextAsync(path, "hello world");
        var stale = await EditAsync(path, "hello", "bye");
        stale.IsError.ShouldBeTrue();
        stale.Text.ShouldContain("changed on disk");
        (await File.ReadAllTextAsync(path)).ShouldBe("hello world");
    }

    [Fact]
    public async Task Reports_missing_text_and_identical_strings()
    {
        var path = await WriteAndReadAsync("a.txt", "hello");
        (await EditAsync(path, "absent", "x")).Text.ShouldContain("not found");
        (await EditAsync(path, "hello", "hello")).Text.ShouldContain("identical");
    }

    [Fact]
    public async Task Straight_quotes_match_curly_ones_and_keep_the_file_style()
    {
        var path = await WriteAndReadAsync("doc.md", "She said \u201Chello\u201D to me.\n");
        var result = await EditAsync(path, "said \"hello\"", "said \"goodbye\"");
        result.IsError.ShouldBeFalse();
        (await File.ReadAllTextAsync(path)).ShouldBe("She said \u201Cgoodbye\u201D to me.\n");
    }

    [Fact]
    public async Task Crlf_files_stay_crlf_and_keep_their_bom()
    {
        var path = _h.PathOf("win.txt");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a\r\nb\r\nc\r\n")]);
        await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        var result = await EditAsync(path, "a\nb", "a\nB\nb2");
        result.IsError.ShouldBeFalse();
        (await File.ReadAllBytesAsync(path)).ShouldBe([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a\r\nB\r\nb2\r\nc\r\n")]);
    }

    [Fact]
    public async Task Empty_old_string_creates_a_new_file()
    {
        var path = _h.PathOf("made/new.txt");
        var result = await EditAsync(path, string.Empty, "content\n");
        result.IsError.ShouldBeFalse();
        (await File.ReadAllTextAsync(path)).ShouldBe("content\n");
    }

    [Fact]
    public async Task Edits_follow_each_other_without_rereading()
    {
        var path = await WriteAndReadAsync("a.txt", "a b c");
        (await EditAsync(path, "a", "A")).IsError.ShouldBeFalse();
        (await EditAsync(path, "b", "B")).IsError.ShouldBeFalse();
        (await File.ReadAllTextAsync(path)).ShouldBe("A B c");
    }

    private async Task<string> WriteAndReadAsync(string name, string content)
    {
        var path = _h.Write(name, content);
        (await _h.RunAsync(_read, new JsonObject { ["file_path"] = path })).IsError.ShouldBeFalse();
        return path;
    }

    private Task<Keel.Core.Tools.ToolResult> EditAsync(string path, string oldString, string newString, bool replaceAll = false) =>
        _h.RunAsync(_edit, new JsonObject { ["file_path"] = path, ["old_string"] = oldString, ["new_string"] = newString, ["replace_all"] = replaceAll });
}
