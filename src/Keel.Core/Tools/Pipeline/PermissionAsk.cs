using System.Text.Json;
using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// A permission request for one call, as the ask step hands it to whoever answers (a dialog, a headless
/// policy, an SDK host through a request event with this id).
/// </summary>
/// <param name="Id">The request's id: the tool use id of the call.</param>
/// <param name="ToolName">The tool.</param>
/// <param name="Input">The input the call would run with.</param>
/// <param name="Decision">Why it asks.</param>
/// <param name="Facets">The call's summary and display payload, for the dialog.</param>
/// <param name="Caller">The agent making the call.</param>
public sealed record PermissionAsk(string Id, string ToolName, JsonElement Input, PermissionDecision Decision, ToolFacets Facets, ToolCaller Caller);
