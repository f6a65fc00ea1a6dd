namespace Keel.Core.Sessions;

/// <summary>Marks a transcript as a subagent's side-chain: which agent, of which type, spawned by which tool call.</summary>
public sealed record SidechainInfo(string AgentId, string AgentType, string ParentToolUseId);
