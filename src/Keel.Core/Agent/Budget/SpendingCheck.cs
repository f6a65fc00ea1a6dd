using Keel.Core.Model;

namespace Keel.Core.Agent.Budget;

/// <summary>
/// What the budget allows of one request: <see cref="Request"/> to send (null: none fits),
/// whether its <c>max_tokens</c> was lowered to fit, and its worst-case cost against what is left.
/// <see cref="InFlightUsd"/> is what other requests still running may cost (already taken out of what is left).
/// </summary>
public sealed record SpendingCheck(ModelRequest? Request, bool Capped, decimal WorstCaseUsd, decimal RemainingUsd, decimal InFlightUsd = 0);
