using Keel.Core.Agent;

namespace Keel.Core.Compaction;

/// <summary>The context crossed into another <see cref="ContextLevel"/> (reported on change only).</summary>
public sealed record ContextLevelChanged(ContextLevel Level, long Tokens, ContextThresholds Thresholds) : AgentEvent;

/// <summary>Old tool results were replaced with a marker (no model call).</summary>
public sealed record Microcompacted(int ClearedResults, long TokensBefore, long TokensAfter) : AgentEvent;

/// <summary>The conversation was replaced by a summary; a boundary record went to the transcript.</summary>
public sealed record ContextCompacted(CompactTrigger Trigger, long PreTokens, long PostTokens, string Summary) : AgentEvent;

/// <summary>A compaction attempt failed; after too many in a row autocompact is off for the session.</summary>
public sealed record CompactionFailed(CompactTrigger Trigger, string Reason, int ConsecutiveFailures, bool AutoCompactDisabled) : AgentEvent;
