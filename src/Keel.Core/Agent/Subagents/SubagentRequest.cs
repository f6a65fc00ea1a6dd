namespace Keel.Core.Agent.Subagents;

/// <summary>One Agent tool call: which agent, what to do, and where it sits in the tree.</summary>
/// <param name="AgentId">Unique within the session; names the side-chain transcript.</param>
/// <param name="ParentToolUseId">The Agent tool_use that spawned it.</param>
/// <param name="Depth">1 for a child of the main agent.</param>
/// <param name="Model">The per-call model override (alias or id), or null.</param>
public sealed record SubagentRequest(
    AgentDefinition Agent,
    string Description,
    string Prompt,
    string AgentId,
    string ParentToolUseId,
    int Depth,
    string? Model = null)
{
    /// <summary>The call asked for <c>isolation: "worktree"</c> (the agent's own definition may ask too).</summary>
    public bool IsolatedInWorktree { get; init; }

    /// <summary>Set when the agent forks the parent's conversation (shares its cache) instead of starting afresh.</summary>
    public ConversationFork? Fork { get; init; }
}
