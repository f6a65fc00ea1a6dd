using System.Text.Json.Nodes;
using Keel.Tools.Files;

namespace Keel.Tests.Tools.Files;

public sealed class WriteToolTests : IDisposable
{
    private readonly ToolHarness _h = new();
    private readonly WriteTool _write = new();
    private readonly ReadTool _read = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Creates_a_file_with_parent_directories()
    {
        var path = _h.PathOf("new/dir/file.txt");
        var result = await _h.RunAsync(_write, new JsonObject { ["file_path"] = path, ["content"] = "hello\n" });
        result.IsError.ShouldBeFalse();
        result.Text.ShouldStartWith("Created");
        (await File.ReadAllTextAsync(path)).ShouldBe("hello\n");
        result.Details!["type"]!.GetValue<string>().ShouldBe("create");
        _h.Session.Reads.Get(path).ShouldNotBeNull();
    }

    [Fact]
    public async Task Overwriting_requires_a_read_first()
    {
        var path = _h.Write("f.txt", "old");
        var refused = await _h.RunAsync(_write, new JsonObject { ["file_path"] = path, ["content"] = "new" });
        refused.IsError.ShouldBeTrue();
        refused.Text.ShouldContain("Read it first");
        (await File.ReadAllTextAsync(path)).ShouldBe("old");

        await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        var result = await _h.RunAsync(_write, new JsonObject { ["file_path"] = path, ["content"] = "new" });
        result.IsError.ShouldBeFalse();
        result.Text.ShouldStartWith("Updated");
        result.Details!["type"]!.GetValue<string>().ShouldBe("update");
        (await File.ReadAllTextAsync(path)).ShouldBe("new");
    }

    [Fact]
    public async Task Overwriting_a_file_changed_on_disk_since_the_read_is_refused()
    {
        var path = _h.Write("f.txt", "old");
        await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        await File.WriteAllTextAsync(path, "changed by user");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var result = await _h.RunAsync(_write, new JsonObject { ["file_path"] = path, ["content"] = "new" });
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("changed on disk");
        (await File.ReadAllTextAsync(path)).ShouldBe("changed by user");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Keeps_permissions_and_leaves_no_temp_files()
    {
        var path = _h.Write("run.sh", "echo 1\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await _h.RunAsync(_read, new JsonObject { ["file_path"] = path });
        await _h.RunAsync(_write, new JsonObject { ["file_path"] = path, ["content"] = "echo 2\n" });
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.GetFiles(_h.Root).ShouldBe([path]);
    }
}
