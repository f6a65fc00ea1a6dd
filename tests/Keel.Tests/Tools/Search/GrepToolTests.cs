using System.Text.Json.Nodes;
using Keel.Tests.Tools.Files;
using Keel.Tools.Search;

namespace Keel.Tests.Tools.Search;

public sealed class GrepToolTests : IDisposable
{
    private readonly ToolHarness _h = new();
    private readonly GrepTool _grep = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Files_with_matches_lists_files_newest_first()
    {
        var older = _h.Write("older.txt", "needle here\n");
        var newer = _h.Write("sub/newer.txt", "a\nneedle\n");
        _h.Write("none.txt", "nothing\n");
        File.SetLastWriteTimeUtc(older, DateTime.UtcNow.AddHours(-2));
        File.SetLastWriteTimeUtc(newer, DateTime.UtcNow.AddHours(-1));
        var result = await GrepAsync(new JsonObject { ["pattern"] = "needle" });
        result.Text.ShouldBe("Found 2 files\nsub/newer.txt\nolder.txt");
    }

    [Fact]
    public async Task Content_mode_prints_path_line_and_text()
    {
        _h.Write("a.cs", "class A\n{\n    void Run() { }\n}\n");
        var result = await GrepAsync(new JsonObject { ["pattern"] = @"void \w+", ["output_mode"] = "content" });
        result.Text.ShouldBe("a.cs:3:    void Run() { }");
        var noNumbers = await GrepAsync(new JsonObject { ["pattern"] = "class", ["output_mode"] = "content", ["-n"] = false });
        noNumbers.Text.ShouldBe("a.cs:class A");
    }

    [Theory]
    [InlineData("TODO")]
    [InlineData(@"TODO \S")]
    [InlineData("café")]
    public async Task Unlimited_content_prints_non_ascii_and_long_lines_like_a_page_does(string pattern)
    {
        // head_limit 0 formats lines straight from the file's UTF-8 bytes; a finite page decodes the file first.
        var cafe = "café";
        _h.Write("b.txt", "\uFEFFTODO " + cafe + "\r\nplain\nTODO " + new string('\u00e9', 600) + "\n" +
            "TODO " + new string('\u4e2d', 700) + "\nTODO " + string.Concat(Enumerable.Repeat("\U0001F600", 300)) + "\n" +
            "TODO " + new string('x', 495) + "\u4e2d\u4e2d\nTODO " + cafe + " " + new string('\u00e9', 480) + "\n");
        _h.Write("a.txt", "x\nTODO " + cafe);
        var unlimited = (await GrepAsync(new JsonObject { ["pattern"] = pattern, ["output_mode"] = "content", ["head_limit"] = 0 })).Text;
        var paged = (await GrepAsync(new JsonObject { ["pattern"] = pattern, ["output_mode"] = "content", ["head_limit"] = 100 })).Text;

        unlimited.ShouldBe(paged);
        var lines = unlimited.Split('\n');
        lines.ShouldContain("a.txt:2:TODO " + cafe);
        lines.ShouldContain("b.txt:1:TODO " + cafe);
        lines.ShouldContain("b.txt:7:TODO " + cafe + " " + new string('\u00e9', 480));
        if (pattern != cafe)
        {
            lines.ShouldContain("b.txt:3:TODO " + new string('\u00e9', 495) + " … [line truncated]");
            lines.ShouldContain("b.txt:4:TODO " + new string('\u4e2d', 495) + " … [line truncated]");
            lines.ShouldContain("b.txt:6:TODO " + new string('x', 495) + " … [line truncated]");
            // A cut never splits a surrogate pair: 247 emoji (494 chars) after "TODO ", not half of the 248th.
            lines.ShouldContain("b.txt:5:TODO " + string.Concat(Enumerable.Repeat("\U0001F600", 247)) + " … [line truncated]");
        }
    }

    [Fact]
    public async Task Count_mode_counts_matching_lines()
    {
        _h.Write("a.txt", "x x\nx\ny\n");
        _h.Write("b.txt", "x\n");
        var result = await GrepAsync(new JsonObject { ["pattern"] = "x", ["output_mode"] = "count" });
        result.Text.ShouldStartWith("a.txt:2\nb.txt:1");
        result.Text.ShouldContain("Found 3 matching lines in 2 files.");
    }

    [Fact]
    public async Task Ignore_case()
    {
        _h.Write("a.txt", "Hello World\n");
        (await GrepAsync(new JsonObject { ["pattern"] = "hello world" })).Text.ShouldBe("No matches found");
        (await GrepAsync(new JsonObject { ["pattern"] = "hello world", ["-i"] = true })).Text.ShouldContain("a.txt");
    }

    [Fact]
    public async Task Context_lines_and_group_separators()
    {
        _h.Write("a.txt", "1\n2\nhit\n4\n5\n6\n7\n8\nhit\n10\n");
        var result = await GrepAsync(new JsonObject { ["pattern"] = "hit", ["output_mode"] = "content", ["-C"] = 1 });
        result.Text.ShouldBe("a.txt-2-2\na.txt:3:hit\na.txt-4-4\n--\na.txt-8-8\na.txt:9:hit\na.txt-10-10");
        var after = await GrepAsync(new JsonObject { ["pattern"] = "hit", ["output_mode"] = "content", ["-A"] = 1, ["head_limit"] = 2 });
        after.Text.ShouldStartWith("a.txt:3:hit\na.txt-4-4\n\n(results truncated at head_limit=2; use offset=2");
    }

    [Fact]
    public async Task Glob_and_type_filter_files()
    {
        _h.Write("a.ts", "token\n");
        _h.Write("b.tsx", "token\n");
        _h.Write("c.py", "token\n");
        _h.Write("deep/d.ts", "token\n");
        var byGlob = await GrepAsync(new JsonObject { ["pattern"] = "token", ["glob"] = "*.{ts,tsx}", ["output_mode"] = "count" });
        byGlob.Text.ShouldStartWith("a.ts:1\nb.tsx:1\ndeep/d.ts:1\n");
        var byType = await GrepAsync(new JsonObject { ["pattern"] = "token", ["type"] = "py" });
        byType.Text.ShouldBe("Found 1 file\nc.py");
        (await GrepAsync(new JsonObject { ["pattern"] = "token", ["type"] = "nope" })).IsError.ShouldBeTrue();
    }

    [Fact]
    public async Task Lines_do_not_match_across_breaks_unless_multiline()
    {
        _h.Write("a.txt", "struct A {\n  int field;\n}\n");
        (await GrepAsync(new JsonObject { ["pattern"] = @"\{\s+int" })).Text.ShouldBe("No matches found");
        var result = await GrepAsync(new JsonObject { ["pattern"] = @"A \{.*field", ["multiline"] = true, ["output_mode"] = "content" });
        result.Text.ShouldBe("a.txt:1:struct A {\na.txt:2:  int field;");
    }

    [Fact]
    public async Task Head_limit_and_offset_page_through_files()
    {
        for (var i = 0; i < 5; i++)
        {
            var path = _h.Write($"f{i}.txt", "match\n");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-i));
        }

        var page = await GrepAsync(new JsonObject { ["pattern"] = "match", ["head_limit"] = 2, ["offset"] = 1 });
        page.Text.ShouldStartWith("Found 5 files\nf1.txt\nf2.txt\n\n(results truncated at head_limit=2; use offset=3");
    }

    [Fact]
    public async Task Skips_binary_files_and_gitignored_files()
    {
        await File.WriteAllBytesAsync(_h.PathOf("bin.dat"), [.. "needle"u8, 0, 1, 2]);
        Directory.CreateDirectory(_h.PathOf(".git"));
        _h.Write(".git/HEAD", "needle");
        _h.Write(".gitignore", "ignored/\n*.gen\n!keep.gen\n");
        _h.Write("ignored/a.txt", "needle");
        _h.Write("x.gen", "needle");
        _h.Write("keep.gen", "needle");
        _h.Write("sub/.gitignore", "local.txt\n");
        _h.Write("sub/local.txt", "needle");
        _h.Write("sub/other.txt", "needle");
        var result = await GrepAsync(new JsonObject { ["pattern"] = "needle", ["output_mode"] = "count" });
        result.Text.ShouldStartWith("keep.gen:1\nsub/other.txt:1\n\n");
    }

    [Fact]
    public async Task Invalid_regex_is_an_error_result()
    {
        _h.Write("a.txt", "x");
        var result = await GrepAsync(new JsonObject { ["pattern"] = "foo(" });
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("Invalid regular expression");
    }

    [Fact]
    public async Task Searches_a_single_file_and_handles_escaped_literals()
    {
        var path = _h.Write("a.js", "obj.call(1)\nobjXcall(2)\n");
        var result = await GrepAsync(new JsonObject { ["pattern"] = @"obj\.call\(", ["path"] = path, ["output_mode"] = "content" });
        result.Text.ShouldBe("a.js:1:obj.call(1)");
    }

    [Fact]
    public async Task Fifos_in_the_tree_do_not_block()
    {
        _h.Write("a.txt", "needle\n");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [_h.PathOf("pipe")]))
        {
            await mk.WaitForExitAsync();
        }

        var search = GrepAsync(new JsonObject { ["pattern"] = "needle" });
        (await Task.WhenAny(search, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(search);
        (await search).Text.ShouldBe("Found 1 file\na.txt");
    }

    [Fact]
    public async Task Symlinks_to_files_are_searched_and_symlinks_to_directories_are_not_followed()
    {
        _h.Write("real/a.txt", "needle\n");
        _h.Write("other/b.txt", "needle\n");
        File.CreateSymbolicLink(_h.PathOf("link.txt"), _h.PathOf("real/a.txt"));
        Directory.CreateSymbolicLink(_h.PathOf("real/loop"), _h.PathOf("real"));
        Directory.CreateSymbolicLink(_h.PathOf("linked-dir"), _h.PathOf("other"));
        File.CreateSymbolicLink(_h.PathOf("dangling.txt"), _h.PathOf("missing.txt"));

        var files = await GrepAsync(new JsonObject { ["pattern"] = "needle", ["output_mode"] = "count" });
        files.Text.ShouldBe("link.txt:1\nother/b.txt:1\nreal/a.txt:1\n\nFound 3 matching lines in 3 files.");
        var glob = await _h.RunAsync(new GlobTool(), new JsonObject { ["pattern"] = "**/*.txt" });
        glob.Text.Split('\n').Select(l => Path.GetRelativePath(_h.Root, l)).Order(StringComparer.Ordinal)
            .ShouldBe(["dangling.txt", "link.txt", "other/b.txt", "real/a.txt"]);
    }

    [Fact]
    public async Task Files_larger_than_the_first_read_are_searched_to_their_end()
    {
        // The first read takes 64 KiB; a file that fills it is measured and read on, except a binary one.
        var line = new string('x', 99) + "\n";
        _h.Write("exact.txt", string.Concat(Enumerable.Repeat(line, 655)) + new string('y', 35) + "\n");
        _h.Write("big.txt", string.Concat(Enumerable.Repeat(line, 5000)) + "needle at the end\n");
        _h.Write("exact-end.txt", string.Concat(Enumerable.Repeat(line, 655)) + "needle" + new string('z', 29) + "\n");
        File.WriteAllBytes(_h.PathOf("binary.bin"), [0, 1, 2, .. System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(line, 1000)) + "needle\n")]);
        File.WriteAllText(_h.PathOf("wide.txt"), string.Concat(Enumerable.Repeat(line, 1000)) + "needle in UTF-16\n", System.Text.Encoding.Unicode);
        new FileInfo(_h.PathOf("exact-end.txt")).Length.ShouldBe(65536);

        var result = await GrepAsync(new JsonObject { ["pattern"] = "needle", ["output_mode"] = "content" });

        result.Text.ShouldBe("big.txt:5001:needle at the end\nexact-end.txt:656:needle" + new string('z', 29) + "\nwide.txt:1001:needle in UTF-16");
    }

    [Fact]
    public async Task A_file_whose_name_is_not_utf8_is_still_searched()
    {
        // Its path as a string holds a replacement character and opens nothing; the walk opens it by its own bytes.
        _h.Write("sub/plain.txt", "needle\n");
        using var created = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", "printf 'needle here\\n' > $'sub/caf\\xe9.txt'"]) { WorkingDirectory = _h.Root })!;
        await created.WaitForExitAsync();

        var result = await GrepAsync(new JsonObject { ["pattern"] = "needle", ["output_mode"] = "count" });

        result.Text.ShouldBe("sub/caf\uFFFD.txt:1\nsub/plain.txt:1\n\nFound 2 matching lines in 2 files.");
    }

    private Task<Keel.Core.Tools.ToolResult> GrepAsync(JsonObject input) => _h.RunAsync(_grep, input);
}
