namespace Keel.Core.Commands;

/// <summary><c>/exit</c>: leave the interactive session.</summary>
public sealed record ExitCommandResult : SlashCommandResult;
