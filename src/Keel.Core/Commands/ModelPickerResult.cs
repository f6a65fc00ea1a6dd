namespace Keel.Core.Commands;

/// <summary><c>/model</c> with no name at a terminal: the surface shows a model picker.</summary>
public sealed record ModelPickerResult : SlashCommandResult;
