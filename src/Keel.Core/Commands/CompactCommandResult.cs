namespace Keel.Core.Commands;

/// <summary><c>/compact [focus]</c>: summarise the conversation now.</summary>
public sealed record CompactCommandResult(string? Focus) : SlashCommandResult;
