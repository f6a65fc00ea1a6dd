using Keel.Core.Messages;

namespace Keel.Core.Agent;

/// <summary>
/// The mutable part of a turn, replaced as a whole at each continue site so every step has
/// a reason (<see cref="Transition"/>) that tests can assert.
/// </summary>
public sealed record LoopState(IReadOnlyList<Message> Messages, int TurnCount, Transition Transition);
