using System.Text;
using Keel.Cli.Composition;
using Keel.Core.Commands;

namespace Keel.Cli.Mcp;

/// <summary>
/// MCP in <c>keel -p</c>: <c>/mcp</c> and <c>/mcp__server__prompt args</c> run before the model sees
/// anything, and a server that stops mid-run is reported on stderr.
/// </summary>
public static class McpHeadless
{
    /// <summary>
    /// The prompt to send (a server prompt expanded), or an exit code when the command answered by
    /// itself; the prompt unchanged when it is no MCP command.
    /// </summary>
    public static async Task<(string? Prompt, int? ExitCode)> ApplyAsync(SessionSetup setup, string prompt, Stream stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (setup.Mcp is not { } mcp)
        {
            return (prompt, null);
        }

        mcp.Hub.OnServerStopped(server => stderr.WriteLine($"Warning: MCP server \"{server.Name}\" stopped: {server.Error}. Its tools now return errors; the session goes on."));
        if (!SlashCommandLine.TryParse(prompt, out var line) || mcp.FindCommand(line.Name) is not { } command)
        {
            return (prompt, null);
        }

        var context = new SlashCommandContext(setup.Loop, setup.Tools, setup.Policy, setup.Settings, new SlashCommandRegistry(), Interactive: false);
        var result = await command.ExecuteAsync(line.Arguments, context, cancellationToken);
        switch (result)
        {
            case PromptCommandResult expanded:
                return (expanded.Prompt, null);
            case TextCommandResult { IsError: true } error:
                await stderr.WriteLineAsync($"Error: {error.Text}");
                return (null, 1);
            case TextCommandResult text:
                await stdout.WriteAsync(Encoding.UTF8.GetBytes(text.Text + "\n"), cancellationToken);
                return (null, 0);
            default:
                return (prompt, null);
        }
    }
}
