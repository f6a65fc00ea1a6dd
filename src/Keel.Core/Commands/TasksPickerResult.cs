namespace Keel.Core.Commands;

/// <summary><c>/tasks</c> with no arguments at a terminal: the surface shows the background tasks, their output, and can stop one.</summary>
public sealed record TasksPickerResult : SlashCommandResult;
