using Keel.Core.Messages;

namespace Keel.Core.Cost;

/// <summary>Per-model token usage and USD cost for a session. Thread-safe.</summary>
/// <param name="parent">
/// The tracker of the session a subagent runs for: every request is added there too as it happens, so the session's
/// total (and its spending limit) includes the subagents that are still running.
/// </param>
public sealed class CostTracker(CostTracker? parent = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ModelUsage> _byModel = new(StringComparer.Ordinal);
    private readonly Lock _reserveGate = new();
    private decimal _reservedUsd;

    /// <summary>The API's price of one server-side web search ($10 per 1,000).</summary>
    public const decimal WebSearchUsd = 0.01m;

    /// <summary>A one-hour cache write costs this many times the base input price.</summary>
    public const decimal OneHourWriteFactor = 2m;

    public static decimal CostOf(string model, Usage usage)
    {
        var info = ModelCatalog.Get(model);
        const decimal perToken = 1m / 1_000_000m;
        // One-hour cache writes cost twice the input price, five-minute ones the catalog's write price (1.25x).
        var hour = Math.Clamp(usage.CacheCreation1hInputTokens, 0, usage.CacheCreationInputTokens);
        return (usage.InputTokens * info.InputPerMTok
            + usage.OutputTokens * info.OutputPerMTok
            + (usage.CacheCreationInputTokens - hour) * info.CacheWritePerMTok
            + hour * info.InputPerMTok * OneHourWriteFactor
            + usage.CacheReadInputTokens * info.CacheReadPerMTok) * perToken
            + (usage.WebSearchRequests * WebSearchUsd);
    }

    /// <summary>The session's own tracker: this one, or the one its parents add up to.</summary>
    public CostTracker Root => parent?.Root ?? this;

    public void Add(string model, Usage usage)
    {
        var cost = CostOf(model, usage);
        lock (_gate)
        {
            _byModel[model] = _byModel.TryGetValue(model, out var existing)
                ? existing with { Usage = existing.Usage.Add(usage), CostUsd = existing.CostUsd + cost, Requests = existing.Requests + 1 }
                : new ModelUsage(model, usage, cost, 1);
        }

        parent?.Add(model, usage);
    }

    /// <summary>Adds another tracker's totals (a subagent's) to this one, request counts included.</summary>
    public void AddFrom(CostTracker other)
    {
        foreach (var part in other.ByModel)
        {
            lock (_gate)
            {
                _byModel[part.Model] = _byModel.TryGetValue(part.Model, out var existing)
                    ? existing with { Usage = existing.Usage.Add(part.Usage), CostUsd = existing.CostUsd + part.CostUsd, Requests = existing.Requests + part.Requests }
                    : part;
            }
        }
    }

    public IReadOnlyList<ModelUsage> ByModel
    {
        get
        {
            lock (_gate)
            {
                return [.. _byModel.Values];
            }
        }
    }

    /// <summary>What requests in flight may still cost (their worst cases, held until their usage is added).</summary>
    public decimal ReservedUsd
    {
        get
        {
            lock (Root._reserveGate)
            {
                return Root._reservedUsd;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="decide"/> with what the session has spent plus what its requests in flight may still cost,
    /// and holds the amount it returns, all under one lock on the session's tracker: two requests checked at once
    /// (a parent's and its agents') cannot both count on the same money.
    /// </summary>
    public T Reserve<T>(Func<decimal, decimal, (T Result, decimal Hold)> decide)
    {
        var root = Root;
        lock (root._reserveGate)
        {
            var (result, hold) = decide(root.TotalCostUsd, root._reservedUsd);
            root._reservedUsd += hold;
            return result;
        }
    }

    /// <summary>Lets go of a hold taken by <see cref="Reserve{T}"/> once the request's usage was added (or it ended without any).</summary>
    public void Release(decimal hold)
    {
        var root = Root;
        lock (root._reserveGate)
        {
            root._reservedUsd = Math.Max(0, root._reservedUsd - hold);
        }
    }

    public decimal TotalCostUsd => ByModel.Sum(static m => m.CostUsd);

    public Usage TotalUsage => ByModel.Aggregate(Usage.Zero, static (sum, m) => sum.Add(m.Usage));
}
