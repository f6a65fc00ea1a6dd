using Keel.Core.Commands;

namespace Keel.Core.Skills;

/// <summary>A user-invocable skill as <c>/name args</c>: its content becomes the user's turn, with its allowed-tools and model.</summary>
public sealed class SkillCommand(SkillDefinition skill, SkillInvoker invoker) : ISlashCommand
{
    public string Name => skill.Name;

    public string Description => skill.Description;

    public string? ArgumentHint => skill.ArgumentHint;

    public string Source => $"skill ({skill.Source})";

    public async ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        string content;
        using (context.Policy.BeginTurn(skill.AllowedTools))
        {
            content = await invoker.LoadAsync(skill, arguments, context.Tools, context.Loop.SessionId, cancellationToken);
        }

        return new PromptCommandResult(content, skill.AllowedTools, skill.Model);
    }
}
