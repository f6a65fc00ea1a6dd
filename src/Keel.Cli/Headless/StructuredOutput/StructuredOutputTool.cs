using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Cli.Headless.StructuredOutput;

/// <summary>
/// <c>--json-schema</c> (or <c>jsonSchema</c> in an SDK host's initialize): the model hands its final answer over
/// by calling this tool, whose input schema is the host's schema. The pipeline checks the input against it like any
/// tool's, so a call that does not fit is an error the model can fix; the last valid input is the run's
/// <c>structured_output</c>.
/// </summary>
public sealed class StructuredOutputTool(JsonElement schema) : ITool
{
    public const string ToolName = "StructuredOutput";

    /// <summary>The turn the model gets when it ended without calling the tool.</summary>
    public const string Reminder = "You ended your turn without calling the StructuredOutput tool. Call StructuredOutput now with your final answer, matching its input schema exactly.";

    private JsonElement? _output;

    /// <summary>The system prompt's appended text with the rule for structured answers.</summary>
    public static string Instruction(string? append)
    {
        const string rule = "The caller of this session needs your final answer as structured data: when you are done, call the StructuredOutput tool once with input that matches its schema. Your text is not read.";
        return append is null ? rule : append + "\n\n" + rule;
    }

    public string Name => ToolName;

    public ToolDefinition Definition { get; } = new(
        ToolName,
        "Return your final answer as structured data. Call this exactly once, at the end, with input that matches the schema; the caller reads only this.",
        schema);

    public int MaxResultChars => 10_000;

    public ToolKind Kind => ToolKind.Interaction;

    /// <summary>The accepted output so far (the last valid call), or null.</summary>
    public JsonElement? Output => _output;

    /// <summary>Forgets the last answer: each turn must give its own.</summary>
    public void Reset() => _output = null;

    public ToolDecoding Decode(JsonElement input, ToolSession session) =>
        ToolDecoding.Ok(new ToolInput(input, input, new ToolFacets { IsReadOnly = true, Summary = "structured output" }));

    public PermissionDecision? CheckPermission(ToolInput input, ToolSession session) =>
        PermissionDecision.Allow("the structured output of the run", source: "structured-output");

    public ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        _output = input.Json.Clone();
        return ValueTask.FromResult(ToolResult.Success("Structured output recorded. End your turn now."));
    }
}
