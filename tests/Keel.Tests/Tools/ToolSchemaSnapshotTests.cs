using System.Text.Json;
using Keel.Core.Tools;

namespace Keel.Tests.Tools;

/// <summary>
/// Each built-in tool ships its schema pregenerated (startup never runs the generator); this keeps
/// the shipped file equal to what its input record generates. Run with KEEL_UPDATE_SCHEMAS=1 to
/// rewrite the files after changing an input record.
/// </summary>
public sealed class ToolSchemaSnapshotTests
{
    public static TheoryData<string> ToolNames() => [.. AllTools().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void The_shipped_schema_is_the_one_the_input_record_generates(string name)
    {
        var tool = AllTools().Single(t => t.Name == name);
        var generated = ToolSchema.ToFileText(((IGeneratedSchema)tool).GenerateSchema());
        var path = Path.Combine(RepositoryRoot(), "src", "Keel.Tools", "Schemas", $"{name}.schema.json");

        if (Environment.GetEnvironmentVariable("KEEL_UPDATE_SCHEMAS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        File.Exists(path).ShouldBeTrue($"{path} is missing; run the tests with KEEL_UPDATE_SCHEMAS=1");
        File.ReadAllText(path).ShouldBe(generated, $"{path} is stale; run the tests with KEEL_UPDATE_SCHEMAS=1");
        var embedded = ToolSchema.LoadEmbedded(tool.GetType().Assembly, name);
        embedded.ShouldNotBeNull($"{name}.schema.json is not embedded in {tool.GetType().Assembly.GetName().Name}");
        tool.Definition.InputSchema.GetRawText().ShouldBe(embedded.Value.GetRawText());
    }

    private static IEnumerable<ITool> AllTools() => BuiltInToolsForTests.All();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Keel.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Keel.sln not found above the test binaries");
    }
}
