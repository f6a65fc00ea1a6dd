namespace Keel.Core.Events;

/// <summary>Old tool results were replaced with a marker (no model call).</summary>
public sealed record Microcompacted(int ClearedResults, long TokensBefore, long TokensAfter) : AgentEvent;
