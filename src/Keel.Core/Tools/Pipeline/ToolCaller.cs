namespace Keel.Core.Tools.Pipeline;

/// <summary>Who makes the calls a pipeline runs: the main agent (no id), or a subagent (its id and type, given to hooks).</summary>
public sealed record ToolCaller(string? AgentId, string? AgentType)
{
    public static readonly ToolCaller Main = new(null, null);
}
