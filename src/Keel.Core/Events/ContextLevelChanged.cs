using Keel.Core.Compaction;

namespace Keel.Core.Events;

/// <summary>The context crossed into another <see cref="ContextLevel"/> (reported on change only).</summary>
public sealed record ContextLevelChanged(ContextLevel Level, long Tokens, ContextThresholds Thresholds) : AgentEvent;
