namespace Keel.Core.Commands;

/// <summary>
/// Send <see cref="Prompt"/> to the model as the user's turn. <see cref="AllowedTools"/> are rules
/// (<c>Bash(git status:*)</c>) allowed for this turn only; <see cref="Model"/> overrides the model for it.
/// </summary>
public sealed record PromptCommandResult(string Prompt, IReadOnlyList<string>? AllowedTools = null, string? Model = null) : SlashCommandResult;
