using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Messages;
using Keel.Tests.Tools.Files;
using Keel.Tools.Files;
using Keel.Tools.Notebooks;

namespace Keel.Tests.Tools.Notebooks;

public sealed class NotebookEditToolTests : IDisposable
{
    // Jupyter's own layout: one-space indent, sorted keys, sources as line lists.
    private const string Notebook = """
{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "intro",
   "metadata": {},
   "source": [
    "# Title\n",
    "Some text é"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "id": "calc",
   "metadata": {
    "tags": ["x"]
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "42\n"
     ]
    }
   ],
   "source": [
    "print(6 * 7)"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "last",
   "metadata": {},
   "outputs": [],
   "source": []
  }
 ],
 "metadata": {
  "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
 },
 "nbformat": 4,
 "nbformat_minor": 5
}

""";

    private readonly ToolHarness _h = new();

    [Fact]
    public async Task Read_shows_cells_with_ids_types_sources_and_outputs()
    {
        var path = _h.Write("nb.ipynb", Notebook);

        var result = await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path });

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("<cell id=\"intro\" type=\"markdown\">\n# Title\nSome text é\n</cell>");
        result.Text.ShouldContain("<cell id=\"calc\" type=\"code\" execution_count=\"3\">\nprint(6 * 7)\n</cell>");
        result.Text.ShouldContain("<output type=\"stream\" name=\"stdout\">\n42\n</output>");
        result.Text.ShouldContain("nbformat 4.5, python, 3 cells");
    }

    [Fact]
    public async Task Read_turns_png_outputs_into_image_blocks()
    {
        var png = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var cell = "{\"cell_type\":\"code\",\"id\":\"p\",\"metadata\":{},\"execution_count\":1,\"source\":\"plot()\",\"outputs\":[{\"output_type\":\"display_data\",\"metadata\":{},\"data\":{\"image/png\":\"" + png + "\\n\",\"text/plain\":[\"<Figure>\"]}}]}";
        var path = _h.Write("img.ipynb", "{\"cells\":[" + cell + "],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}");

        var result = await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path });

        result.IsError.ShouldBeFalse(result.Text);
        var image = result.Content.OfType<ImageBlock>().Single();
        image.MediaType.ShouldBe("image/png");
        image.Base64Data.ShouldBe(png);
        result.Text.ShouldContain("<Figure>");
    }

    [Fact]
    public async Task Replace_changes_only_the_edited_cell_bytes()
    {
        var path = await ReadAsync();

        var result = await EditAsync(new JsonObject { ["notebook_path"] = path, ["cell_id"] = "intro", ["new_source"] = "# New title\nBody" });

        result.IsError.ShouldBeFalse(result.Text);
        var after = File.ReadAllText(path);
        var expectedCell = "{\n   \"cell_type\": \"markdown\",\n   \"id\": \"intro\",\n   \"metadata\": {},\n   \"source\": [\n    \"# New title\\n\",\n    \"Body\"\n   ]\n  }";
        var start = Notebook.IndexOf("{\n   \"cell_type\": \"markdown\"", StringComparison.Ordinal);
        var end = Notebook.IndexOf("  },\n  {\n   \"cell_type\": \"code\"", StringComparison.Ordinal) + 3;
        after.ShouldBe(Notebook[..start] + expectedCell + Notebook[end..]);
        JsonDocument.Parse(after).RootElement.GetProperty("nbformat_minor").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task Replacing_a_code_cell_clears_its_stale_outputs_and_leaves_the_others()
    {
        var path = await ReadAsync();

        (await EditAsync(new JsonObject { ["notebook_path"] = path, ["cell_id"] = "calc", ["new_source"] = "print(1)" })).IsError.ShouldBeFalse();

        var after = File.ReadAllText(path);
        var calc = JsonNode.Parse(after)!["cells"]![1]!;
        calc["outputs"]!.AsArray().Count.ShouldBe(0);
        calc["execution_count"].ShouldBeNull();
        calc["metadata"]!["tags"]![0]!.GetValue<string>().ShouldBe("x");
        after.ShouldStartWith(Notebook[..Notebook.IndexOf("  {\n   \"cell_type\": \"code\"", StringComparison.Ordinal)]);
        after.ShouldEndWith(Notebook[Notebook.IndexOf(",\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Insert_adds_one_cell_after_the_named_one_in_the_file_style()
    {
        var path = await ReadAsync();

        var result = await EditAsync(new JsonObject { ["notebook_path"] = path, ["cell_id"] = "intro", ["edit_mode"] = "insert", ["cell_type"] = "code", ["new_source"] = "x = 1" });

        result.IsError.ShouldBeFalse(result.Text);
        var after = File.ReadAllText(path);
        var cells = JsonNode.Parse(after)!["cells"]!.AsArray();
        cells.Count.ShouldBe(4);
        cells[1]!["source"]![0]!.GetValue<string>().ShouldBe("x = 1");
        var id = cells[1]!["id"]!.GetValue<string>();
        var inserted = $",\n  {{\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n   \"id\": \"{id}\",\n   \"metadata\": {{}},\n   \"outputs\": [],\n   \"source\": [\n    \"x = 1\"\n   ]\n  }}";
        var at = Notebook.IndexOf("  },\n  {\n   \"cell_type\": \"code\"", StringComparison.Ordinal) + 3;
        after.ShouldBe(Notebook[..at] + inserted + Notebook[at..]);
    }

    [Fact]
    public async Task Delete_removes_exactly_the_cell_and_its_separator()
    {
        var path = await ReadAsync();

        (await EditAsync(new JsonObject { ["notebook_path"] = path, ["cell_id"] = "calc", ["edit_mode"] = "delete", ["new_source"] = string.Empty })).IsError.ShouldBeFalse();

        var after = File.ReadAllText(path);
        var from = Notebook.IndexOf("  },\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 3", StringComparison.Ordinal) + 3;
        var to = Notebook.IndexOf(",\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null", StringComparison.Ordinal);
        after.ShouldBe(Notebook[..from] + Notebook[to..]);
        JsonNode.Parse(after)!["cells"]!.AsArray().Select(static c => c!["id"]!.GetValue<string>()).ShouldBe(["intro", "last"]);
    }

    [Fact]
    public async Task An_unknown_cell_id_is_an_error_naming_the_real_ids_and_the_file_is_untouched()
    {
        var path = await ReadAsync();

        var result = await EditAsync(new JsonObject { ["notebook_path"] = path, ["cell_id"] = "nope", ["new_source"] = "x" });

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("intro, calc, last");
        File.ReadAllText(path).ShouldBe(Notebook);
    }

    [Fact]
    public async Task Editing_without_reading_first_is_refused()
    {
        var path = _h.Write("nb.ipynb", Notebook);

        var result = await EditAsync(new JsonObject { ["notebook_path"] = path, ["cell_id"] = "intro", ["new_source"] = "x" });

        result.IsError.ShouldBeTrue();
        File.ReadAllText(path).ShouldBe(Notebook);
    }

    private async Task<string> ReadAsync()
    {
        var path = _h.Write("nb.ipynb", Notebook);
        (await _h.RunAsync(new ReadTool(), new JsonObject { ["file_path"] = path })).IsError.ShouldBeFalse();
        return path;
    }

    private Task<Keel.Core.Tools.ToolResult> EditAsync(JsonObject input) => _h.RunAsync(new NotebookEditTool(), input);

    public void Dispose() => _h.Dispose();
}
