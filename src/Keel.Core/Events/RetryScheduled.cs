using Keel.Core.Model;

namespace Keel.Core.Events;

/// <summary>A failed request will be retried after <see cref="Delay"/>.</summary>
public sealed record RetryScheduled(int Attempt, int MaxRetries, TimeSpan Delay, ModelError Error) : AgentEvent;
