using Keel.Core.Messages;
using Keel.Core.Tools;

namespace Keel.Core.Events;

public sealed record ToolStarted(ToolUseBlock Call) : AgentEvent
{
    /// <summary>What the tool says about the call: summary and display payload for cards.</summary>
    public ToolFacets Facets { get; init; } = ToolFacets.None;
}
