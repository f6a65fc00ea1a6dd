namespace Keel.Core.Commands;

/// <summary><c>/btw &lt;question&gt;</c>: a question answered from the conversation, which it does not join.</summary>
public sealed record SideQuestionCommandResult(string Question) : SlashCommandResult;
