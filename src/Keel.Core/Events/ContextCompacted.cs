using Keel.Core.Compaction;

namespace Keel.Core.Events;

/// <summary>The conversation was replaced by a summary; a boundary record went to the transcript.</summary>
public sealed record ContextCompacted(CompactTrigger Trigger, long PreTokens, long PostTokens, string Summary) : AgentEvent;
