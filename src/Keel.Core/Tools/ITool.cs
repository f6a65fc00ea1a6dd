using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>
/// A tool the model can call. Every method that takes input must tolerate input that does
/// not match the schema (the model sends arbitrary JSON): answer false or an error result.
/// </summary>
public interface ITool
{
    string Name { get; }

    /// <summary>Name, description and input schema exactly as sent to the model.</summary>
    ToolDefinition Definition { get; }

    /// <summary>The largest result, in characters, kept inline; the rest spills to a file.</summary>
    int MaxResultChars { get; }

    /// <summary>True when this call changes nothing outside Keel. False when unsure.</summary>
    bool IsReadOnly(JsonElement input);

    /// <summary>True when this call may run alongside other safe calls. False when unsure.</summary>
    bool IsConcurrencySafe(JsonElement input);

    /// <summary>Checks input against the schema and the tool's rules; a model-readable error, or null.</summary>
    string? ValidateInput(JsonElement input, ToolSession session);

    /// <summary>When true, a failing call cancels sibling calls still running in the same batch.</summary>
    bool FailureCancelsSiblings => false;

    /// <summary>The tool's own view of the call: null when it has none, else a decision.</summary>
    PermissionDecision? CheckPermission(JsonElement input, ToolSession session);

    /// <summary>Runs the call. Expected failures are results with IsError, never exceptions.</summary>
    ValueTask<ToolResult> ExecuteAsync(JsonElement input, ToolContext context, CancellationToken cancellationToken);
}
