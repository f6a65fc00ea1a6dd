using System.Diagnostics;
using System.Text.Json.Nodes;
using Keel.Core.Messages;
using Keel.Tools.Files;

namespace Keel.Tests.Tools.Files;

public sealed class ReadToolTests : IDisposable
{
    private readonly ToolHarness _h = new();
    private readonly ReadTool _read = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Numbers_lines_like_cat_n_and_records_the_read()
    {
        var path = _h.Write("a.txt", "alpha\nbeta\n");
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        result.IsError.ShouldBeFalse();
        result.Text.ShouldBe("     1\talpha\n     2\tbeta\n");
        _h.Session.Reads.Get(path).ShouldNotBeNull().Partial.ShouldBeFalse();
        var file = result.Details!["file"]!;
        result.Details["type"]!.GetValue<string>().ShouldBe("text");
        file["content"]!.GetValue<string>().ShouldBe("alpha\nbeta");
        file["numLines"]!.GetValue<int>().ShouldBe(2);
        file["totalLines"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Relative_paths_resolve_against_the_current_directory()
    {
        _h.Write("sub/b.txt", "x");
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = "sub/b.txt" });
        result.Text.ShouldBe("     1\tx\n");
    }

    [Fact]
    public async Task Offset_and_limit_select_lines_and_say_where_to_continue()
    {
        var path = _h.Write("n.txt", string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line{i}")));
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = path, ["offset"] = 3, ["limit"] = 2 });
        result.Text.ShouldStartWith("     3\tline3\n     4\tline4\n");
        result.Text.ShouldContain("offset=5");
        result.Details!["file"]!["startLine"]!.GetValue<int>().ShouldBe(3);
        _h.Session.Reads.Get(path)!.Partial.ShouldBeTrue();
    }

    [Fact]
    public async Task Default_limit_is_2000_lines()
    {
        var path = _h.Write("long.txt", string.Join('\n', Enumerable.Range(1, 2500)));
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        result.Text.ShouldContain("  2000\t2000\n");
        result.Text.ShouldNotContain("\t2001\n");
        result.Text.ShouldContain("offset=2001");
    }

    [Fact]
    public async Task Long_lines_are_truncated_with_a_marker()
    {
        var path = _h.Write("wide.txt", new string('x', 2500));
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        result.Text.ShouldContain(new string('x', 2000) + "… [line truncated");
        result.Text.ShouldNotContain(new string('x', 2001));
    }

    [Fact]
    public async Task Binary_files_are_refused()
    {
        var path = _h.PathOf("blob.dat");
        await File.WriteAllBytesAsync(path, [1, 2, 0, 3]);
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("binary");

        var zip = _h.Write("x.zip", "text but zip");
        (await _h.RunAsync(_read, new JsonObject { ["file_path"] = zip })).Text.ShouldContain("binary");
    }

    [Fact]
    public async Task Images_come_back_as_image_blocks_with_the_real_media_type()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];
        var path = _h.PathOf("pic.jpg");
        await File.WriteAllBytesAsync(path, png);
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        result.IsError.ShouldBeFalse();
        var image = result.Content.ShouldHaveSingleItem().ShouldBeOfType<ImageBlock>();
        image.MediaType.ShouldBe("image/png");
        Convert.FromBase64String(image.Base64Data).ShouldBe(png);
    }

    [Fact]
    public async Task Oversized_images_and_text_files_are_refused_with_guidance()
    {
        var big = _h.PathOf("big.png");
        await File.WriteAllBytesAsync(big, new byte[6 * 1024 * 1024]);
        (await _h.RunAsync(_read, new JsonObject { ["file_path"] = big })).Text.ShouldContain("MB");

        var text = _h.Write("big.txt", string.Concat(Enumerable.Repeat("0123456789abcdef\n", 20_000)));
        var refused = await _h.RunAsync(_read, new JsonObject { ["file_path"] = text });
        refused.IsError.ShouldBeTrue();
        refused.Text.ShouldContain("offset");
        var paged = await _h.RunAsync(_read, new JsonObject { ["file_path"] = text, ["offset"] = 19_999, ["limit"] = 5 });
        paged.Text.ShouldBe(" 19999\t0123456789abcdef\n 20000\t0123456789abcdef\n");
    }

    [Fact]
    public async Task Empty_file_says_so()
    {
        var path = _h.Write("empty.txt", string.Empty);
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        result.IsError.ShouldBeFalse();
        result.Text.ShouldContain("exists but is empty");
    }

    [Fact]
    public async Task Directory_is_an_error_suggesting_glob()
    {
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = _h.Root });
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("is a directory");
        result.Text.ShouldContain("Glob");
    }

    [Fact]
    public async Task Missing_file_suggests_a_similar_name()
    {
        _h.Write("Program.cs", "x");
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = _h.PathOf("Progam.cs") });
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("does not exist");
        result.Text.ShouldContain(_h.PathOf("Program.cs"));
    }

    [Fact]
    public async Task Fifo_is_refused_promptly()
    {
        var fifo = _h.PathOf("pipe");
        using (var mk = Process.Start("mkfifo", [fifo]))
        {
            await mk.WaitForExitAsync();
        }

        var read = _h.RunAsync(_read, new JsonObject { ["file_path"] = fifo });
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10)));
        finished.ShouldBe(read);
        var result = await read;
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("fifo");
    }

    [Fact]
    public async Task Offset_past_the_end_is_explained()
    {
        var path = _h.Write("short.txt", "one\ntwo\n");
        var result = await _h.RunAsync(_read, new JsonObject { ["file_path"] = path, ["offset"] = 10 });
        result.Text.ShouldContain("has 2 lines");
    }
}
