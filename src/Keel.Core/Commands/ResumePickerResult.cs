namespace Keel.Core.Commands;

/// <summary><c>/resume</c>: the surface lets the user pick a past session of this project.</summary>
public sealed record ResumePickerResult : SlashCommandResult;
