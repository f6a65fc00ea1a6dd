using System.Text;
using Keel.Core.Agent.Subagents;
using Keel.Core.Commands;

namespace Keel.Cli.Agents;

/// <summary><c>/agents</c>: lists the agents this session can spawn, with where each comes from.</summary>
public sealed class AgentsCommand(AgentCatalog catalog) : ISlashCommand
{
    public string Name => "agents";

    public string Description => "List the subagents available in this session";

    public string? ArgumentHint => null;

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(Describe(catalog)));

    public static string Describe(AgentCatalog catalog)
    {
        var text = new StringBuilder("Agents:\n");
        foreach (var agent in catalog.All)
        {
            text.Append("  ").Append(agent.Name).Append(" (").Append(agent.Source);
            if (agent.Model is { } model)
            {
                text.Append(", model ").Append(model);
            }

            text.Append(", tools ").Append(agent.ToolsText).Append(")\n");
            text.Append("    ").Append(agent.Description.ReplaceLineEndings(" ")).Append('\n');
            if (agent.Path is { } path)
            {
                text.Append("    ").Append(path).Append('\n');
            }
        }

        foreach (var warning in catalog.Warnings)
        {
            text.Append("Warning: ").Append(warning).Append('\n');
        }

        return text.ToString().TrimEnd();
    }
}
