using System.Text.Json;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Core.Events;

/// <summary>
/// A tool call needs the user's permission. The turn waits until the surface answers with
/// <see cref="Sessions.AnswerPermission"/> carrying <see cref="RequestId"/>; if the turn is interrupted first,
/// <see cref="RequestCancelled"/> follows and no answer is needed.
/// </summary>
/// <param name="RequestId">The id the answer names.</param>
/// <param name="ToolUseId">The call that asks.</param>
/// <param name="Decision">Why the engine asks (rule, source, reason).</param>
/// <param name="SuggestedRule">The rule "always allow" would save, when there is a sensible one.</param>
/// <param name="Facets">The call's summary and display payload, for the dialog.</param>
/// <param name="ParentToolUseId">Set when a subagent's call asks: the parent's Agent tool_use id.</param>
public sealed record PermissionRequested(
    string RequestId,
    string ToolUseId,
    string ToolName,
    JsonElement Input,
    PermissionDecision Decision,
    string? SuggestedRule,
    ToolFacets Facets,
    string? ParentToolUseId = null) : AgentEvent;
