using Keel.Core.Commands;

namespace Keel.Cli.Commands;

/// <summary><c>/compact [focus]</c>: the surface summarises the conversation now.</summary>
public sealed class CompactCommand : ISlashCommand
{
    public string Name => "compact";

    public string Description => "Summarise the conversation so far to free context (optionally: what the summary should focus on)";

    public string? ArgumentHint => "[focus]";

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SlashCommandResult>(new CompactCommandResult(string.IsNullOrWhiteSpace(arguments) ? null : arguments.Trim()));
}
