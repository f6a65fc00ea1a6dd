namespace Keel.Core.Commands;

/// <summary><c>/clear</c>: start a fresh conversation.</summary>
public sealed record ClearCommandResult : SlashCommandResult;
