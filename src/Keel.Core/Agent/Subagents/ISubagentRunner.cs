namespace Keel.Core.Agent.Subagents;

/// <summary>
/// Runs one subagent to the end. The composition root implements it, because a child loop needs the
/// session's model client, permission engine, prompter and prompt parts.
/// </summary>
public interface ISubagentRunner
{
    /// <summary>The agents that can be spawned (for the Agent tool's description and <c>/agents</c>).</summary>
    AgentCatalog Catalog { get; }

    /// <summary>Runs the child conversation. Failures come back as a result with <c>IsError</c>, never as exceptions.</summary>
    Task<SubagentResult> RunAsync(SubagentRequest request, CancellationToken cancellationToken);
}
