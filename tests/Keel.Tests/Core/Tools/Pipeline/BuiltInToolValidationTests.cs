using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Tests.Tools;

namespace Keel.Tests.Core.Tools.Pipeline;

/// <summary>Every built-in tool, every required field: a call without it is an InputValidationError naming it, and the tool does not run.</summary>
public sealed class BuiltInToolValidationTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("keel-required-").FullName;

    public static TheoryData<string, string> RequiredFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var tool in BuiltInToolsForTests.All())
        {
            foreach (var field in Required(tool.Definition.InputSchema))
            {
                data.Add(tool.Name, field);
            }
        }

        return data;
    }

    [Fact]
    public void Every_built_in_tool_with_input_has_required_fields_to_check()
    {
        // Guards the theory below against silently checking nothing.
        RequiredFields().Count.ShouldBeGreaterThan(20);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task A_missing_required_field_is_a_validation_error_and_the_tool_does_not_run(string toolName, string field)
    {
        var tool = BuiltInToolsForTests.All().Single(t => t.Name == toolName);
        var input = new JsonObject();
        var schema = tool.Definition.InputSchema;
        foreach (var other in Required(schema).Where(f => f != field))
        {
            input[other] = Sample(schema.GetProperty("properties").GetProperty(other));
        }

        var engine = new PermissionEngine(new PermissionContext(_project, [], Path.Combine(_project, ".home"), PermissionMode.BypassPermissions, []));
        var session = new ToolSession(_project, [], Path.Combine(_project, ".session"), TimeProvider.System) { Paths = engine.Paths };
        var pipeline = new ToolPipeline(new ToolPipelineParts([tool], engine, new PrompterAsker(new DenyingPrompter()), session));
        var events = new List<AgentEvent>();
        var call = pipeline.Prepare(new ToolUseBlock("toolu_1", toolName, JsonSerializer.SerializeToElement(input, Keel.Core.JsonNodeContext.Default.JsonNode)), events.Add);

        var outcome = await pipeline.RunAsync(call, CancellationToken.None);

        call.Executed.ShouldBeFalse();
        events.OfType<ToolStarted>().ShouldBeEmpty();
        outcome.Result.IsError.ShouldBeTrue();
        outcome.Result.Text.ShouldContain("InputValidationError");
        outcome.Result.Text.ShouldContain($"`{field}`");
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private static IEnumerable<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(static r => r.GetString()!) : [];

    /// <summary>A value of the field's type, so only the one missing field is wrong.</summary>
    private static JsonNode? Sample(JsonElement property)
    {
        if (property.TryGetProperty("enum", out var options))
        {
            return JsonNode.Parse(options[0].GetRawText());
        }

        var type = property.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.Array ? t[0].GetString() : t.GetString()) : "string";
        return type switch
        {
            "boolean" => JsonValue.Create(false),
            "integer" or "number" => JsonValue.Create(1),
            "array" => new JsonArray(),
            "object" => new JsonObject(),
            _ => JsonValue.Create("x"),
        };
    }
}
