using Keel.Core.Agent.Subagents;
using Keel.Core.Tools;

namespace Keel.Tools.Agents;

/// <summary>Creates the Agent tool.</summary>
public static class AgentTools
{
    /// <summary>The Agent tool for an agent at <paramref name="depth"/> (0 = the main conversation).</summary>
    public static ITool Create(ISubagentRunner runner, int depth = 0) => new AgentTool(runner, depth);
}
