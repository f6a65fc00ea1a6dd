namespace Keel.Core.Agent;

/// <summary>Why a turn ended.</summary>
public enum TerminalReason
{
    Completed,
    MaxTurns,
    BudgetExceeded,
    Aborted,
    PromptTooLong,
    ModelError,
    HookStopped,
    BlockingLimit,
}
