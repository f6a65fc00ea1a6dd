using Keel.Core.Agent;
using Keel.Core.Model;

namespace Keel.Core.Events;

/// <summary>The turn ended; always the last event of a turn (and of every operation that runs like one, see <see cref="Kind"/>).</summary>
public sealed record TurnFinished(
    TerminalReason Reason,
    string ResultText,
    int NumTurns,
    ModelError? Error,
    string? StopReason,
    Transition LastTransition) : AgentEvent
{
    /// <summary>What ran: a user turn, a compaction, or a turn the session started for finished background work.</summary>
    public TurnKind Kind { get; init; } = TurnKind.User;

    /// <summary>Why a limit stopped the turn, in figures (e.g. the budget left and the next request's worst case); null otherwise.</summary>
    public string? Detail { get; init; }
}
