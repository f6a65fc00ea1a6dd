namespace Keel.Core.Commands;

/// <summary><c>/memory</c>: the surface opens an instruction file in the user's editor.</summary>
public sealed record MemoryEditorResult : SlashCommandResult;
