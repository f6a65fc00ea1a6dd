using Keel.Core.Commands;
using Keel.Mcp.Client;

namespace Keel.Cli.Mcp;

/// <summary><c>/mcp</c>: each server's status, what it offers, and why it failed.</summary>
public sealed class McpStatusCommand(McpHub hub) : ISlashCommand
{
    public string Name => "mcp";

    public string Description => "Show MCP servers: status, tools and errors";

    public string? ArgumentHint => null;

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(Render(hub.Status())));

    public static string Render(IReadOnlyList<McpServerStatus> servers)
    {
        if (servers.Count == 0)
        {
            return "No MCP servers configured. Add one with: keel mcp add <name> -- <command> [args...]";
        }

        var lines = servers.Select(static s => s.State == McpServerState.Connected
            ? $"{s.Name}: {s.DisplayName} ({s.Scope}) — {s.ToolCount} tools, {s.PromptCount} prompts, {s.ResourceCount} resources — {s.Target}"
            : $"{s.Name}: {s.DisplayName} ({s.Scope}) — {s.Target}{(s.Error is null ? string.Empty : $"\n  error: {s.Error}")}");
        return "MCP servers:\n" + string.Join('\n', lines);
    }
}
