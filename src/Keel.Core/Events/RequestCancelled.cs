namespace Keel.Core.Events;

/// <summary>A request event is no longer waiting (its turn was interrupted or ended); a surface closes its dialog.</summary>
public sealed record RequestCancelled(string RequestId) : AgentEvent;
