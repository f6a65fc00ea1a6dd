using System.Text;
using Keel.Core.Commands;

namespace Keel.Cli.Commands;

/// <summary><c>/help</c>: every command with its arguments, description and where it comes from.</summary>
public sealed class HelpCommand : ISlashCommand
{
    public string Name => "help";

    public string Description => "List the available slash commands";

    public string? ArgumentHint => null;

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("Slash commands:\n");
        var commands = context.Registry.All.OrderBy(static c => c.Source == "built-in" ? 0 : 1).ThenBy(static c => c.Name, StringComparer.Ordinal).ToList();
        var width = commands.Max(static c => Usage(c).Length);
        foreach (var command in commands)
        {
            text.Append("  ").Append(Usage(command).PadRight(width)).Append("  ").Append(command.Description)
                .Append(" [").Append(command.Source).Append(command.InteractiveOnly ? ", interactive only" : string.Empty).Append("]\n");
        }

        if (context.Registry.Conflicts.Count > 0)
        {
            text.Append("\nNot available because of a name clash:\n");
            foreach (var conflict in context.Registry.Conflicts)
            {
                text.Append("  ").Append(conflict).Append('\n');
            }
        }

        return ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(text.ToString().TrimEnd()));
    }

    private static string Usage(ISlashCommand command) => command.ArgumentHint is { } hint ? $"/{command.Name} {hint}" : $"/{command.Name}";
}
