using Keel.Core.Messages;

namespace Keel.Core.Events;

/// <summary>The user message holding every tool result of one response was appended.</summary>
public sealed record ToolResultsAppended(Message Message) : AgentEvent;
