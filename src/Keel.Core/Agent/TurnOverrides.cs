namespace Keel.Core.Agent;

/// <summary>
/// What one turn changes (a custom command or skill): <see cref="AllowedTools"/> are allow rules
/// (<c>Bash(git status:*)</c>) for this turn only; <see cref="Model"/> (alias or id) answers this turn.
/// </summary>
public sealed record TurnOverrides(IReadOnlyList<string> AllowedTools, string? Model = null);
