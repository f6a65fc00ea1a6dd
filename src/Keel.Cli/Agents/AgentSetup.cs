using Keel.Core.Agent.Subagents;
using Keel.Core.Model;
using Keel.Core.Tools;
using Keel.Tools.Agents;

namespace Keel.Cli.Agents;

/// <summary>
/// The composition root's one call for agents: adds the Agent tool to the main tools, and with
/// <c>--agent &lt;name&gt;</c> turns the main conversation into that agent (its prompt, tools and model).
/// </summary>
public static class AgentSetup
{
    public sealed record MainThread(IReadOnlyList<ITool> Tools, IReadOnlyList<SystemBlock> System, string Model);

    /// <param name="explicitModel">True when <c>--model</c> (or ANTHROPIC_MODEL) chose the model; it beats the agent's.</param>
    public static (MainThread? Main, string? Error) Configure(SubagentRunner runner, string? agentName, IReadOnlyList<ITool> baseTools, IReadOnlyList<SystemBlock> system, string model, bool explicitModel)
    {
        if (agentName is null)
        {
            return (new MainThread([.. baseTools, AgentTools.Create(runner, 0)], system, model), null);
        }

        if (runner.Catalog.Find(agentName) is not { } agent)
        {
            return (null, $"--agent: there is no agent named '{agentName}'. Available: {string.Join(", ", runner.Catalog.All.Select(static a => a.Name))}.");
        }

        var mainModel = explicitModel ? model : runner.ModelFor(agent, null);
        return (new MainThread(runner.ToolsFor(agent, 0), runner.SystemFor(agent, mainModel), mainModel), null);
    }
}
