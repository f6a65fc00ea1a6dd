using Keel.Core.Permissions;

namespace Keel.Core.Agent.Subagents;

/// <summary>
/// One kind of subagent: a built-in, an agent file's front matter and body, or an entry of <c>--agents</c>.
/// </summary>
/// <param name="Name">The type the model passes as <c>subagent_type</c> (reported to hooks as <c>agent_type</c>).</param>
/// <param name="Description">When to use it; the model reads this in the Agent tool's description.</param>
/// <param name="Prompt">Its system prompt (the file's body); empty for general-purpose, which gets the main prompt.</param>
/// <param name="Tools">The tools it may use; null means every tool the parent has.</param>
/// <param name="DisallowedTools">Removed from <paramref name="Tools"/> (or from everything).</param>
/// <param name="Model">An alias or id; null or <c>inherit</c> uses the parent's model.</param>
/// <param name="Source"><c>built-in</c>, <c>cli</c>, <c>project</c> or <c>user</c>.</param>
public sealed record AgentDefinition(
    string Name,
    string Description,
    string Prompt,
    IReadOnlyList<string>? Tools,
    IReadOnlyList<string> DisallowedTools,
    string? Model,
    string Source)
{
    public PermissionMode? PermissionMode { get; init; }

    public int? MaxTurns { get; init; }

    /// <summary>Skills whose content is preloaded (names only here; the skills feature resolves them).</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>False for Explore: instruction files (KEEL.md, CLAUDE.md, ...) stay out of its prompt.</summary>
    public bool IncludeInstructions { get; init; } = true;

    /// <summary>True for general-purpose: it runs on the main system prompt (which keeps the cached prefix).</summary>
    public bool UsesMainPrompt { get; init; }

    /// <summary>True for Explore and Plan: of <see cref="Tools"/>, only those <see cref="ReadOnlyAgentTools"/> allows.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Its tools in words, for the Agent tool's description and <c>/agents</c>.</summary>
    public string ToolsText => (Tools is null ? "all" : string.Join(", ", Tools)) + (ReadOnly ? " that do not edit files or act on the session" : string.Empty);

    /// <summary><c>isolation: worktree</c>: every run of it works in its own new git worktree.</summary>
    public bool IsolatedInWorktree { get; init; }

    /// <summary>The file it was read from, when it came from one.</summary>
    public string? Path { get; init; }
}
