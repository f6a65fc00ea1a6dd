namespace Keel.Core.Events;

/// <summary>The model stopped early under a prompt's token budget and was asked to continue (the <paramref name="Continuation"/>th time).</summary>
public sealed record TokenBudgetContinued(int Continuation, long UsedTokens, long BudgetTokens) : AgentEvent;
