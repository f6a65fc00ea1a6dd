using System.Text;
using System.Text.Json.Nodes;
using Keel.Core.Checkpoints;
using Keel.Core.Tools;
using Keel.Tools.Files;

namespace Keel.Tests.Tools.Files;

/// <summary>The file tools through the session's <see cref="IWorkspaceFiles"/>: an editor's buffers instead of the disk.</summary>
public sealed class WorkspaceFilesTests : IDisposable
{
    private readonly ToolHarness _h = new();
    private readonly EditorBuffers _editor = new();

    public WorkspaceFilesTests() => _h.Session.Files = _editor;

    public void Dispose() => _h.Dispose();

    private string Open(string name, string onDisk, string inEditor)
    {
        var path = _h.Write(name, onDisk);
        _editor.Texts[path] = inEditor;
        return path;
    }

    [Fact]
    public async Task Read_shows_the_unsaved_buffer_not_the_disk()
    {
        var path = Open("a.txt", "saved\n", "unsaved one\nunsaved two\n");

        var result = await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path });

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("     1\tunsaved one\n");
        result.Text.ShouldContain("     2\tunsaved two\n");
        result.Text.ShouldNotContain("\tsaved");
        _editor.Calls.ShouldBe([$"read {path}"]);
    }

    [Fact]
    public async Task A_paged_read_asks_the_editor_for_the_lines_plus_one_and_numbers_them_from_the_offset()
    {
        var path = Open("a.txt", "x\n", string.Join('\n', Enumerable.Range(1, 10).Select(static n => $"line {n}")));

        var result = await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path, ["offset"] = 3, ["limit"] = 2 });

        _editor.Calls.ShouldBe([$"read {path} 3 3"]);
        result.Text.ShouldContain("     3\tline 3\n     4\tline 4\n");
        result.Text.ShouldNotContain("line 5");
        result.Text.ShouldContain("offset=5");

        var tail = await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path, ["offset"] = 9, ["limit"] = 5 });
        tail.Text.ShouldContain("    10\tline 10");
        tail.Text.ShouldNotContain("offset=");
    }

    [Fact]
    public async Task Edit_changes_the_buffer_it_read_and_leaves_the_disk_alone()
    {
        var path = Open("a.cs", "int x = 1;\n", "int x = 2;\n");
        await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path });

        var result = await _h.RunAsync(new EditTool(), new JsonObject { ["file_path"] = path, ["old_string"] = "x = 2", ["new_string"] = "x = 3" });

        result.IsError.ShouldBeFalse(result.Text);
        _editor.Texts[path].ShouldBe("int x = 3;\n");
        (await File.ReadAllTextAsync(path)).ShouldBe("int x = 1;\n");
        result.Details!["originalFile"]!.GetValue<string>().ShouldBe("int x = 2;\n");
    }

    [Fact]
    public async Task Write_replaces_the_buffer_and_edit_still_needs_a_read_first()
    {
        var path = Open("a.txt", "disk\n", "buffer\n");
        var unread = await _h.RunAsync(new WriteTool(), new JsonObject { ["file_path"] = path, ["content"] = "new\n" });
        unread.Text.ShouldContain("has not been read");
        _editor.Calls.ShouldNotContain($"write {path}");

        await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path });
        var result = await _h.RunAsync(new WriteTool(), new JsonObject { ["file_path"] = path, ["content"] = "new\n" });

        result.IsError.ShouldBeFalse(result.Text);
        _editor.Texts[path].ShouldBe("new\n");
        (await File.ReadAllTextAsync(path)).ShouldBe("disk\n");
        result.Details!["structuredPatch"]!.ToJsonString().ShouldContain("-buffer");
    }

    [Fact]
    public async Task An_editor_that_refuses_gives_the_model_a_clear_error()
    {
        var path = Open("a.txt", "disk\n", "buffer\n");
        await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path });
        _editor.Refusal = "the editor refused to write it (read-only buffer)";

        var edit = await _h.RunAsync(new EditTool(), new JsonObject { ["file_path"] = path, ["old_string"] = "buffer", ["new_string"] = "b" });
        var read = await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path });

        edit.IsError.ShouldBeTrue();
        edit.Text.ShouldBe($"Could not edit {path}: the editor refused to write it (read-only buffer)");
        read.IsError.ShouldBeTrue();
        read.Text.ShouldStartWith($"Could not read {path}: ");
        (await File.ReadAllTextAsync(path)).ShouldBe("disk\n");
    }

    [Fact]
    public async Task Local_files_read_windows_and_write_the_bytes_they_are_given()
    {
        var files = LocalWorkspaceFiles.Instance;
        var path = _h.Write("b.txt", "a\nb\nc\nd\n");

        files.ReadsBuffers.ShouldBeFalse();
        (await files.ReadLinesAsync(path, 2, 2, CancellationToken.None)).ShouldBe("b\nc");
        (await files.ReadLinesAsync(path, 4, 9, CancellationToken.None)).ShouldBe("d");
        (await files.ReadAsync(_h.PathOf("missing.txt"), CancellationToken.None)).ShouldBeNull();

        await files.WriteAsync(path, "ignored", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'z' }, CancellationToken.None);
        (await File.ReadAllBytesAsync(path)).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'z' });
    }

    [Fact]
    public void A_checkpoint_taken_from_a_buffer_rewinds_to_the_buffer_text()
    {
        var path = _h.Write("c.txt", "on disk\n");
        var checkpoints = new FileCheckpoints(Path.Combine(_h.Root, ".session", "checkpoints"));
        checkpoints.BeginPrompt("p1");
        checkpoints.BeforeWrite(path, Encoding.UTF8.GetBytes("in the buffer\n"));
        File.WriteAllText(path, "written\n");
        checkpoints.AfterWrite(path, Encoding.UTF8.GetBytes("written\n"));

        var rewound = checkpoints.Rewind("p1", dryRun: false, overwriteChanged: false)!;

        rewound.ShouldHaveSingleItem().Status.ShouldBe(FileRewindStatus.Restored);
        File.ReadAllText(path).ShouldBe("in the buffer\n");
    }
}
