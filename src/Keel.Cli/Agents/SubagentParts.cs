using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Prompts;
using Keel.Core.Tools;
using Keel.Core.Sessions;

namespace Keel.Cli.Agents;

/// <summary>What a child session borrows from the session that spawns it.</summary>
/// <param name="Client">The model client, for the child's compaction summaries.</param>
/// <param name="Outbox">The parent's event stream: a child's events are forwarded there, its asks become the parent's requests.</param>
/// <param name="BaseTools">Every tool of the session except Agent (each child gets its own, depth-aware Agent tool).</param>
/// <param name="MainSystem">The main system prompt; general-purpose reuses it so its requests share the cached prefix.</param>
/// <param name="Environment">For building other agents' prompts (instruction files dropped where the agent says so).</param>
/// <param name="SidechainDirectory">Where side-chain transcripts go; null when the session is not persisted.</param>
/// <param name="KeelConfigDirectory">For the protected paths of an agent that runs in its own permission mode.</param>
public sealed record SubagentParts(
    ModelCaller Caller,
    IModelClient Client,
    PermissionEngine Policy,
    SessionOutbox Outbox,
    ToolSession ParentTools,
    IReadOnlyList<ITool> BaseTools,
    IReadOnlyList<SystemBlock> MainSystem,
    PromptEnvironment Environment,
    string ParentModel,
    ThinkingConfig? Thinking,
    CostTracker ParentCost,
    string SessionId,
    string? SidechainDirectory,
    string KeelConfigDirectory,
    Func<string, string?> GetEnv)
{
    /// <summary>How deep agents may nest: 1 means only the main conversation can spawn them.</summary>
    public int MaxDepth { get; init; } = 1;

    /// <summary>The session's skills, for the ones an agent's <c>skills</c> list preloads.</summary>
    public Keel.Core.Skills.SkillCatalog? Skills { get; init; }

    /// <summary>The session's <c>--max-budget-usd</c>: an agent's requests are checked against what the whole session spent.</summary>
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>How many subagents may run at once; further calls wait their turn.</summary>
    public int MaxConcurrent { get; init; } = 4;
}
