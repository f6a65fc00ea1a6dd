using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Core.Events;

/// <summary>A tool call finished; emitted in call order.</summary>
public sealed record ToolFinished(ToolUseBlock Call, ToolResult Result, PermissionDecision Decision, TimeSpan Duration) : AgentEvent
{
    /// <summary>What the tool says about the call (none when its input did not decode).</summary>
    public ToolFacets Facets { get; init; } = ToolFacets.None;
}
