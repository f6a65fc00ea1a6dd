namespace Keel.Core.Events;

public sealed record AssistantThinkingDelta(string Text) : AgentEvent;
