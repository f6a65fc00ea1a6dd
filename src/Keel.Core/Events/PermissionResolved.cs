using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Core.Events;

public sealed record PermissionResolved(ToolUseBlock Call, PermissionDecision Decision) : AgentEvent
{
    public ToolFacets Facets { get; init; } = ToolFacets.None;
}
