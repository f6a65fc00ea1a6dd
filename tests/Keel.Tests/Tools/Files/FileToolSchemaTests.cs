using System.Text.Json;
using Keel.Core.Tools;
using Keel.Tools.Files;
using Keel.Tools.Search;

namespace Keel.Tests.Tools.Files;

public sealed class FileToolSchemaTests
{
    public static TheoryData<string, string[], string[]> Schemas => new()
    {
        { "Read", ["file_path", "offset", "limit"], ["file_path"] },
        { "Write", ["file_path", "content"], ["file_path", "content"] },
        { "Edit", ["file_path", "old_string", "new_string", "replace_all"], ["file_path", "old_string", "new_string"] },
        { "Glob", ["pattern", "path"], ["pattern"] },
        {
            "Grep",
            ["pattern", "path", "glob", "type", "output_mode", "-i", "-n", "-A", "-B", "-C", "multiline", "head_limit", "offset"],
            ["pattern"]
        },
    };

    private static IReadOnlyList<ITool> FileTools() => [new ReadTool(), new WriteTool(), new EditTool(), new GlobTool(), new GrepTool()];

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Schema_has_properties_required_and_descriptions(string name, string[] properties, string[] required)
    {
        var tool = FileTools().Single(t => t.Name == name);
        var schema = tool.Definition.InputSchema;
        schema.GetProperty("type").GetString().ShouldBe("object");
        var props = schema.GetProperty("properties");
        props.EnumerateObject().Select(p => p.Name).ShouldBe(properties, ignoreOrder: true);
        foreach (var property in props.EnumerateObject())
        {
            property.Value.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
        }

        schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(required, ignoreOrder: true);
        tool.Definition.Description.Length.ShouldBeGreaterThan(200);
    }

    [Fact]
    public void Read_only_tools_say_so()
    {
        using var input = JsonDocument.Parse("""{"file_path":"x","pattern":"x","content":"","old_string":"a","new_string":"b"}""");
        var readOnly = FileTools().Where(t => t.IsReadOnly(input.RootElement)).Select(t => t.Name);
        readOnly.ShouldBe(["Read", "Glob", "Grep"], ignoreOrder: true);
    }

    [Fact]
    public async Task Input_that_does_not_fit_the_schema_is_an_error_result()
    {
        using var input = JsonDocument.Parse("""{"file_path": 12}""");
        var session = new ToolSession(Path.GetTempPath(), [], Path.GetTempPath(), TimeProvider.System);
        var result = await new ReadTool().ExecuteAsync(input.RootElement, new ToolContext("t", session), CancellationToken.None);
        result.IsError.ShouldBeTrue();
    }
}
