namespace Keel.Core.Agent;

/// <summary>
/// What one turn changes (a custom command or skill): <see cref="AllowedTools"/> are allow rules
/// (<c>Bash(git status:*)</c>) for this turn only; <see cref="Model"/> (alias or id) answers this turn.
/// </summary>
public sealed record TurnOverrides(IReadOnlyList<string> AllowedTools, string? Model = null)
{
    /// <summary>True when <see cref="Thinking"/> replaces the session's thinking for this turn (null then means off).</summary>
    public bool OverridesThinking { get; init; }

    /// <summary>The thinking this turn uses when <see cref="OverridesThinking"/> (an SDK host's set_max_thinking_tokens).</summary>
    public Keel.Core.Model.ThinkingConfig? Thinking { get; init; }
}
