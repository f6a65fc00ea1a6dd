using Keel.Cli.Commands;
using Keel.Cli.Composition;
using Keel.Core.Agent;
using Keel.Core.Commands;
using Keel.Core.Sessions;

namespace Keel.Cli.Headless;

/// <summary>
/// <c>keel -p "/name args"</c>: runs the command through the session's registry. A prompt becomes the
/// turn (with the command's allowed tools and model), text is the run's result, <c>compact</c> compacts;
/// an unknown or interactive-only command is an error that says what to do instead.
/// </summary>
internal static class HeadlessCommands
{
    /// <summary>What to run (an operation, or text to show as the result), or an error for the user (then nothing ran).</summary>
    public static async Task<(HeadlessStart? Start, string? Error)> PrepareAsync(string prompt, SessionSetup setup, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!SlashCommandLine.TryParse(prompt, out var line))
        {
            return (new HeadlessStart(SendUserTurn.Text(prompt), null), null);
        }

        var warnings = new List<string>();
        var registry = CommandCatalog.Build(setup, warnings: warnings);
        foreach (var warning in warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }

        var command = registry.Find(line.Name);
        if (command is null)
        {
            var close = CommandCatalog.CloseNames(registry, line.Name);
            var hint = close.Count > 0 ? $" Did you mean {string.Join(", ", close.Select(static n => "/" + n))}?" : string.Empty;
            return (null, $"Unknown command /{line.Name}.{hint} Run keel -p /help to list the commands.");
        }

        if (command.InteractiveOnly)
        {
            return (null, $"/{command.Name} works only in an interactive session; run keel without -p to use it.");
        }

        var result = await command.ExecuteAsync(line.Arguments, CommandCatalog.CreateContext(setup, registry, interactive: false), cancellationToken);
        return result switch
        {
            TextCommandResult { IsError: true } error => (null, error.Text),
            LoopCommandResult loop => (new HeadlessStart(null, null) { Loop = loop }, null),
            TextCommandResult text => (new HeadlessStart(null, new TurnFinished(TerminalReason.Completed, text.Text, 0, null, null, Transition.UserInput)), null),
            _ when result.ToOperation() is { } operation and (SendUserTurn or CompactConversation or AskSideQuestion) => (new HeadlessStart(operation, null), null),
            _ => (null, $"/{command.Name} needs the interactive terminal; run keel without -p to use it."),
        };
    }
}
