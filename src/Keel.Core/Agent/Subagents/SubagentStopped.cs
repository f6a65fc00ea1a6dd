namespace Keel.Core.Agent.Subagents;

/// <summary>What the SubagentStop hook point receives when a subagent finishes.</summary>
public sealed record SubagentStopped(string AgentId, string AgentType, string LastAssistantMessage, string? TranscriptPath, SubagentResult Result);
