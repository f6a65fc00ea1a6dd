using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>
/// A tool the model can call. It describes itself: its kind, and for each call (from the decoded input) what
/// permission rules match against, whether it may run alongside other calls, a summary and a display payload.
/// Calls run through the <see cref="Pipeline.ToolPipeline"/>, which checks the input against
/// <see cref="ToolDefinition.InputSchema"/> and decodes it once (<see cref="Decode"/>) before anything else.
/// </summary>
public interface ITool
{
    string Name { get; }

    /// <summary>Name, description and input schema exactly as sent to the model.</summary>
    ToolDefinition Definition { get; }

    /// <summary>The largest result, in characters, kept inline; the rest spills to a file.</summary>
    int MaxResultChars { get; }

    /// <summary>What the tool does: read, write, exec, network or interaction.</summary>
    ToolKind Kind { get; }

    /// <summary>Tool names whose rules also govern this tool (Edit rules cover every tool that edits files).</summary>
    IReadOnlyList<string> RuleAliases => [];

    /// <summary>When true, a failing call cancels sibling calls still running in the same batch.</summary>
    bool FailureCancelsSiblings => false;

    /// <summary>
    /// True for a tool the model rarely needs (an MCP tool, a niche built-in): when tool search is on it is sent
    /// by name only, and its schema joins the request once ToolSearch loads it.
    /// </summary>
    bool IsDeferrable => false;

    /// <summary>
    /// Decodes schema-valid input into the tool's record, applies the tool's own checks, and describes the call.
    /// A model-readable error when the input does not fit; never an exception.
    /// </summary>
    ToolDecoding Decode(JsonElement input, ToolSession session);

    /// <summary>
    /// The facets of an input for a decision asked by name (<c>keel permissions check</c>, hook conditions):
    /// decoded without the tool's own checks, so <c>{"file_path": ...}</c> alone describes an Edit. Null when
    /// the input cannot be read at all.
    /// </summary>
    ToolFacets? DescribeForRules(JsonElement input, ToolSession session) => Decode(input, session).Input?.Facets;

    /// <summary>The tool's own view of the call: null when it has none, else a decision.</summary>
    PermissionDecision? CheckPermission(ToolInput input, ToolSession session) => null;

    /// <summary>Runs the call. Expected failures are results with IsError, never exceptions.</summary>
    ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken);
}
