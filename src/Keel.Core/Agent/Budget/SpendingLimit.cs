using Keel.Core.Compaction;
using Keel.Core.Cost;
using Keel.Core.Model;

namespace Keel.Core.Agent.Budget;

/// <summary>
/// <c>--max-budget-usd</c> applied before a request rather than after it: a request may cost at most what is
/// left. Its worst case prices every input token at the dearer of the input and cache-write rates (with a
/// margin over the byte-based estimate) and every token up to <c>max_tokens</c> at the output rate. When that
/// does not fit, <c>max_tokens</c> is lowered to what the rest of the budget pays for; when not even a short
/// answer fits, the request is not sent.
/// </summary>
public static class SpendingLimit
{
    /// <summary>Below this many affordable output tokens an answer is not worth a request.</summary>
    public const int MinimumOutputTokens = 1024;

    private const decimal PerToken = 1m / 1_000_000m;

    /// <summary>
    /// Checks <paramref name="request"/> against what the session spent and what its other requests in flight may still
    /// cost, and holds this one's worst case until the reservation is disposed, so parallel agents never count on the
    /// same part of the budget.
    /// </summary>
    public static SpendingReservation Reserve(CostTracker cost, ModelRequest request, decimal budgetUsd) =>
        cost.Reserve((spent, inFlight) =>
        {
            var check = Check(request, budgetUsd, spent + inFlight) with { InFlightUsd = inFlight };
            var hold = check.Request is null ? 0m : check.WorstCaseUsd;
            return (new SpendingReservation(cost, check, hold), hold);
        });

    public static SpendingCheck Check(ModelRequest request, decimal budgetUsd, decimal spentUsd)
    {
        var remaining = budgetUsd - spentUsd;
        var info = ModelCatalog.Get(request.Model);
        // The estimator counts four bytes a token; code and non-English text run closer to three.
        var inputTokens = (TokenEstimator.Estimate(request) * 4 / 3) + 1;
        var writeRate = request.CacheTtl == "1h" ? Math.Max(info.CacheWritePerMTok, info.InputPerMTok * CostTracker.OneHourWriteFactor) : info.CacheWritePerMTok;
        var inputCost = inputTokens * Math.Max(info.InputPerMTok, writeRate) * PerToken;
        var outputRate = info.OutputPerMTok * PerToken;
        var worstCase = inputCost + (request.MaxTokens * outputRate);
        if (worstCase <= remaining)
        {
            return new SpendingCheck(request, Capped: false, worstCase, remaining);
        }

        var affordable = outputRate > 0 ? Math.Floor((remaining - inputCost) / outputRate) : request.MaxTokens;
        if (affordable < MinimumOutputTokens)
        {
            return new SpendingCheck(null, Capped: false, inputCost + (MinimumOutputTokens * outputRate), remaining);
        }

        var maxTokens = (int)Math.Min(affordable, request.MaxTokens);
        var capped = request with { MaxTokens = maxTokens, Thinking = FitThinking(request.Thinking, maxTokens) };
        return new SpendingCheck(capped, Capped: true, inputCost + (maxTokens * outputRate), remaining);
    }

    /// <summary>A fixed thinking budget must stay below max_tokens; when there is no room for both, the answer wins.</summary>
    private static ThinkingConfig? FitThinking(ThinkingConfig? thinking, int maxTokens)
    {
        if (thinking is not { BudgetTokens: { } budget } || budget < maxTokens)
        {
            return thinking;
        }

        var half = maxTokens / 2;
        return half >= ThinkingBudgets.MinimumBudget ? thinking with { BudgetTokens = half } : null;
    }
}
