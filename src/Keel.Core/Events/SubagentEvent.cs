namespace Keel.Core.Events;

/// <summary>
/// An event of a child session (a subagent), forwarded to its parent. <see cref="ParentToolUseId"/> is the
/// parent's Agent tool_use that started the child, so a surface can nest it (stream-json writes it as
/// <c>parent_tool_use_id</c>).
/// </summary>
public sealed record SubagentEvent(string ParentToolUseId, string AgentId, string AgentType, AgentEvent Event) : AgentEvent;
