using Keel.Core.Model;
using Keel.Core.Tools;

namespace Keel.Core.Agent;

/// <summary>The immutable inputs of a session's turns: model, tools, system prompt, limits.</summary>
public sealed record AgentOptions(
    string Model,
    IReadOnlyList<ITool> Tools,
    IReadOnlyList<SystemBlock> System,
    int MaxTokens,
    int? MaxTurns = null,
    ThinkingConfig? Thinking = null)
{
    /// <summary>--max-budget-usd: no new request starts once the session has cost this much.</summary>
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>The output cap for the one retry after a max_tokens stop (bounded by the model's limit).</summary>
    public int EscalatedMaxTokens { get; init; } = 64_000;

    /// <summary>How many "go on" turns follow a response that still stopped at max_tokens.</summary>
    public int MaxTokensContinuations { get; init; } = 3;

    /// <summary>The session's deferred tools (sent by name until ToolSearch loads them); null defers nothing.</summary>
    public Tools.Deferral.DeferredTools? Deferred { get; init; }

    /// <summary>The static prefix's cache lifetime; null keeps the default five minutes.</summary>
    public Model.PromptCacheLifetime? CacheLifetime { get; init; }
}
