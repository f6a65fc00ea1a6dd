namespace Keel.Core.Events;

/// <summary>A model request is about to be sent.</summary>
public sealed record RequestStarted(int RequestIndex, int Attempt) : AgentEvent;
