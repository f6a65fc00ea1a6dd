using Keel.Core.Agent;
using Keel.Core.Sessions;

namespace Keel.Core.Commands;

/// <summary>
/// What running a slash command asks for next, as a closed set of types (no action strings). Outcomes that change
/// the session map to a <see cref="SessionOperation"/> (<see cref="ToOperation"/>); the rest (<see cref="TextCommandResult"/>,
/// <see cref="ExitCommandResult"/>, <see cref="ResumePickerResult"/>, <see cref="MemoryEditorResult"/>) are the surface's.
/// </summary>
public abstract record SlashCommandResult
{
    private protected SlashCommandResult()
    {
    }

    /// <summary>The session operation this outcome is, or null when the surface handles it itself.</summary>
    public SessionOperation? ToOperation() => this switch
    {
        PromptCommandResult prompt => SendUserTurn.Text(prompt.Prompt, prompt.AllowedTools is null && prompt.Model is null ? null : new TurnOverrides(prompt.AllowedTools ?? [], prompt.Model)),
        CompactCommandResult compact => new CompactConversation(compact.Focus),
        SideQuestionCommandResult side => new AskSideQuestion(side.Question),
        ClearCommandResult => new ClearConversation(),
        ModelCommandResult model => new SetModel(model.Model),
        _ => null,
    };
}
