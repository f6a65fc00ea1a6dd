namespace Keel.Core.Commands;

/// <summary><c>/rewind</c>: the surface lets the user pick an earlier prompt to go back to (code, conversation or both).</summary>
public sealed record RewindPickerResult : SlashCommandResult;
