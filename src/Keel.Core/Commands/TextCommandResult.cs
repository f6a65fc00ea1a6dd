namespace Keel.Core.Commands;

/// <summary>Show <see cref="Text"/> to the user (no model call). An error is shown as one and makes <c>-p</c> exit non-zero.</summary>
public sealed record TextCommandResult(string Text, bool IsError = false) : SlashCommandResult;
