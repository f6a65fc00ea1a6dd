using Keel.Core.Commands;

namespace Keel.Terminal.Commands;

/// <summary>A built-in command whose behaviour is a function; the interactive built-ins are all of this shape.</summary>
public sealed class DelegateSlashCommand(
    string name,
    string description,
    string? argumentHint,
    Func<string, SlashCommandContext, CancellationToken, ValueTask<SlashCommandResult>> execute,
    bool interactiveOnly = false) : ISlashCommand
{
    public string Name => name;

    public string Description => description;

    public string? ArgumentHint => argumentHint;

    public string Source => "built-in";

    public bool InteractiveOnly => interactiveOnly;

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken) =>
        execute(arguments, context, cancellationToken);
}
