using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>One finished tool call: what was asked, what was decided, what came back.</summary>
public sealed record ToolOutcome(ToolUseBlock Call, ToolResult Result, PermissionDecision Decision, TimeSpan Duration)
{
    /// <summary>The call's facets (none when its input did not decode).</summary>
    public ToolFacets Facets { get; init; } = ToolFacets.None;
}
