using System.Text;
using System.Text.Json.Nodes;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tests.Tools.Files;

/// <summary>
/// Issue 13 item 14: Read never hangs or blows up. Kernel files that block or consume what they return are
/// refused promptly; /proc files are read bounded; a paged Read of a huge or sparse file stops after the
/// requested lines and a byte cap (memory is measured in bench/read_sparse.sh, not here).
/// </summary>
public sealed class ReadBoundsTests : IDisposable
{
    private const long TwentyGigabytes = 20L * 1024 * 1024 * 1024;
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);
    private readonly ToolHarness _h = new();
    private readonly ReadTool _read = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("/proc/kmsg", "kernel's log")]
    [InlineData("/proc/self/environ", "memory")]
    [InlineData("/proc/self/mem", "memory")]
    [InlineData("/proc/self/pagemap", "memory")]
    [InlineData("/proc/kcore", "memory")]
    [InlineData("/proc/sysrq-trigger", "control file")]
    [InlineData("/proc/self/clear_refs", "control file")]
    [InlineData("/proc/self/../self/environ", "memory")]
    [InlineData("/proc/thread-self/environ", "memory")]
    public async Task Kernel_files_that_block_or_consume_are_refused_promptly(string path, string why)
    {
        var result = await Run(new JsonObject { ["file_path"] = path });
        result.IsError.ShouldBeTrue(result.Text);
        result.Text.ShouldContain(why);
        result.Text.ShouldContain("does not open it");
    }

    [Theory]
    [InlineData("log.txt", "/proc/kmsg")]
    [InlineData("shot.png", "/proc/kmsg")]
    [InlineData("nb.ipynb", "/proc/kmsg")]
    [InlineData("env.txt", "/proc/self/environ")]
    [InlineData("trace.txt", "/sys/kernel/tracing/trace_pipe")]
    [InlineData("trace2.txt", "/sys/kernel/debug/tracing/trace_pipe_raw")]
    public async Task A_link_to_such_a_file_is_refused_under_any_name(string name, string target)
    {
        var link = _h.PathOf(name);
        File.CreateSymbolicLink(link, target);
        var result = await Run(new JsonObject { ["file_path"] = link });
        result.IsError.ShouldBeTrue(result.Text);
        result.Text.ShouldContain("does not open it");
    }

    [Fact]
    public async Task A_link_through_a_linked_directory_is_resolved_too()
    {
        Directory.CreateSymbolicLink(_h.PathOf("p"), "/proc");
        var result = await Run(new JsonObject { ["file_path"] = _h.PathOf("p/kmsg") });
        result.IsError.ShouldBeTrue(result.Text);
        result.Text.ShouldContain("kernel's log");
    }

    [Theory]
    [InlineData("/proc/self/status", "Name:")]
    [InlineData("/proc/self/limits", "Max open files")]
    [InlineData("/proc/meminfo", "MemTotal")]
    [InlineData("/proc/self/cmdline", null)]
    [InlineData("/proc/version", "Linux")]
    public async Task Ordinary_proc_files_are_read_although_they_report_no_size(string path, string? expected)
    {
        var result = await Run(new JsonObject { ["file_path"] = path });
        if (expected is null)
        {
            // cmdline separates arguments with NUL bytes: refused as binary, promptly.
            result.IsError.ShouldBeTrue(result.Text);
            result.Text.ShouldContain("binary");
            return;
        }

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain(expected);
        result.Text.ShouldContain("     1\t");
    }

    [Fact]
    public async Task Proc_files_are_paged_like_any_other()
    {
        var result = await Run(new JsonObject { ["file_path"] = "/proc/self/status", ["offset"] = 2, ["limit"] = 1 });
        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldStartWith("     2\t");
        result.Text.ShouldContain("offset=3");
    }

    [Fact]
    public async Task A_link_to_a_fifo_is_refused_promptly()
    {
        var fifo = _h.PathOf("pipe");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mk.WaitForExitAsync();
        }

        File.CreateSymbolicLink(_h.PathOf("data.txt"), fifo);
        var result = await Run(new JsonObject { ["file_path"] = _h.PathOf("data.txt") });
        result.IsError.ShouldBeTrue(result.Text);
        result.Text.ShouldContain("FIFO");
    }

    [Fact]
    public async Task Devices_are_refused()
    {
        foreach (var device in new[] { "/dev/zero", "/dev/urandom", "/dev/null", "/dev/tty" })
        {
            var result = await Run(new JsonObject { ["file_path"] = device, ["limit"] = 1 });
            result.IsError.ShouldBeTrue(device);
        }
    }

    [Fact]
    public async Task A_sparse_20_GB_file_returns_the_requested_lines_at_once()
    {
        var path = Sparse("huge.log", "first\nsecond\nthird\n" + new string('x', 9000), TwentyGigabytes);
        var result = await Run(new JsonObject { ["file_path"] = path, ["offset"] = 1, ["limit"] = 3 });
        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldStartWith("     1\tfirst\n     2\tsecond\n     3\tthird\n");
        result.Text.ShouldContain("too large to count");
        result.Text.ShouldContain("offset=4");
        result.Details!["file"]!["totalLinesKnown"]!.GetValue<bool>().ShouldBeFalse();
        _h.Session.Reads.Get(path)!.Partial.ShouldBeTrue();
    }

    [Fact]
    public async Task A_line_that_never_ends_is_cut_at_the_scan_cap()
    {
        var path = Sparse("hole.log", "first\n" + new string('x', 9000), TwentyGigabytes);
        var result = await Run(new JsonObject { ["file_path"] = path, ["offset"] = 2, ["limit"] = 5 });
        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldStartWith("     2\t" + new string('x', 2000) + "… [line truncated: at least ");
        result.Text.ShouldContain("Read stopped after scanning 256 MB");
        result.Text.Length.ShouldBeLessThan(3000);
    }

    [Fact]
    public async Task An_offset_beyond_the_scan_cap_says_how_to_reach_it()
    {
        var path = Sparse("far.log", "first\n" + new string('x', 9000), TwentyGigabytes);
        var result = await Run(new JsonObject { ["file_path"] = path, ["offset"] = 1_000_000, ["limit"] = 5 });
        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("without reaching line 1000000");
        result.Text.ShouldContain("Grep");
    }

    [Fact]
    public async Task An_unpaged_read_of_a_huge_file_is_refused_before_reading()
    {
        var path = Sparse("whole.log", "first\n" + new string('x', 9000), TwentyGigabytes);
        var result = await Run(new JsonObject { ["file_path"] = path });
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("offset and limit");
    }

    [Fact]
    public async Task A_sparse_file_of_nothing_but_holes_is_binary()
    {
        var path = _h.PathOf("zeros.txt");
        using (var file = File.Create(path))
        {
            file.SetLength(TwentyGigabytes);
        }

        var result = await Run(new JsonObject { ["file_path"] = path, ["offset"] = 10, ["limit"] = 1 });
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("binary");
    }

    [Fact]
    public async Task Lines_after_the_window_are_counted_up_to_the_count_cap()
    {
        // 40 MB: more than the 32 MB Read counts through after the window.
        var path = Sparse("many.log", string.Concat(Enumerable.Repeat("line\n", 3000)) + new string('y', 9000), 40L * 1024 * 1024);
        var result = await Run(new JsonObject { ["file_path"] = path, ["offset"] = 10, ["limit"] = 2 });
        result.Text.ShouldStartWith("    10\tline\n    11\tline\n");
        result.Text.ShouldContain("of more than");
    }

    [Fact]
    public async Task A_file_within_the_count_cap_reports_its_total()
    {
        var path = _h.Write("count.txt", string.Concat(Enumerable.Range(1, 100_000).Select(i => $"{i}\n")));
        var result = await Run(new JsonObject { ["file_path"] = path, ["offset"] = 50_000, ["limit"] = 2 });
        result.Text.ShouldStartWith(" 50000\t50000\n 50001\t50001\n");
        result.Text.ShouldContain("of 100000");
        result.Text.ShouldContain("offset=50002");
        result.Details!["file"]!["totalLines"]!.GetValue<int>().ShouldBe(100_000);
    }

    [Fact]
    public async Task One_read_returns_at_most_a_million_characters()
    {
        var line = new string('w', 1999);
        var path = _h.Write("wide.txt", string.Concat(Enumerable.Repeat(line + "\n", 800)));
        var result = await Run(new JsonObject { ["file_path"] = path, ["offset"] = 1, ["limit"] = 800 });
        result.IsError.ShouldBeFalse();
        result.Text.Length.ShouldBeLessThan(1_010_000);
        result.Text.ShouldContain("at most 1,000,000 characters");
        var shown = result.Details!["file"]!["numLines"]!.GetValue<int>();
        shown.ShouldBeLessThan(800);
        result.Text.ShouldContain($"offset={shown + 1}");
    }

    [Theory]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" }, 2)]
    [InlineData("a\nb", new[] { "a", "b" }, 2)]
    [InlineData("a\n\n", new[] { "a", "" }, 2)]
    [InlineData("\n", new[] { "" }, 1)]
    [InlineData("\uFEFFbom\n", new[] { "bom" }, 1)]
    [InlineData("é\nü\n", new[] { "é", "ü" }, 2)]
    public async Task Lines_split_as_before(string text, string[] lines, int total)
    {
        var path = _h.PathOf("split.txt");
        await File.WriteAllTextAsync(path, text, new UTF8Encoding(false));
        var result = await Run(new JsonObject { ["file_path"] = path });
        result.Details!["file"]!["content"]!.GetValue<string>().ShouldBe(string.Join('\n', lines));
        result.Details!["file"]!["totalLines"]!.GetValue<int>().ShouldBe(total);
    }

    [Theory]
    [InlineData(2000, false)]
    [InlineData(2001, true)]
    public async Task The_line_cut_starts_after_2000_characters(int length, bool cut)
    {
        var path = _h.Write("edge.txt", new string('e', length) + "\r\nnext\n");
        var result = await Run(new JsonObject { ["file_path"] = path });
        result.Text.Contains("line truncated: 2001 chars", StringComparison.Ordinal).ShouldBe(cut);
        result.Text.ShouldContain("     2\tnext\n");
    }

    [Fact]
    public async Task A_utf16_file_with_a_bom_still_reads()
    {
        var path = _h.PathOf("wide16.txt");
        await File.WriteAllTextAsync(path, "one\ntwo\n", Encoding.Unicode);
        var result = await Run(new JsonObject { ["file_path"] = path });
        result.Text.ShouldBe("     1\tone\n     2\ttwo\n");
    }

    private Task<ToolResult> Run(JsonObject input) => _h.RunAsync(_read, input).WaitAsync(Prompt);

    private string Sparse(string name, string head, long length)
    {
        var path = _h.PathOf(name);
        using var file = File.Create(path);
        file.Write(Encoding.UTF8.GetBytes(head));
        file.SetLength(length);
        return path;
    }
}
