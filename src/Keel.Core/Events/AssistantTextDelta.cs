namespace Keel.Core.Events;

public sealed record AssistantTextDelta(string Text) : AgentEvent;
