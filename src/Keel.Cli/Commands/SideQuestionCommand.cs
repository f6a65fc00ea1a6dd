using Keel.Core.Commands;

namespace Keel.Cli.Commands;

/// <summary><c>/btw &lt;question&gt;</c>: a quick question answered from the current context, without adding to the conversation.</summary>
public sealed class SideQuestionCommand : ISlashCommand
{
    public string Name => "btw";

    public bool RunsAlongsideTurns => true;

    public string Description => "Ask a quick side question about the conversation; the answer does not join it";

    public string? ArgumentHint => "<question>";

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SlashCommandResult>(string.IsNullOrWhiteSpace(arguments)
            ? new TextCommandResult("Usage: /btw <question> (answered from the conversation so far, which it does not join)", IsError: true)
            : new SideQuestionCommandResult(arguments.Trim()));
}
