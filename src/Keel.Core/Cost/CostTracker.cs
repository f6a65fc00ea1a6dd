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

    public decimal TotalCostUsd => ByModel.Sum(static m => m.CostUsd);

    public Usage TotalUsage => ByModel.Aggregate(Usage.Zero, static (sum, m) => sum.Add(m.Usage));
}
