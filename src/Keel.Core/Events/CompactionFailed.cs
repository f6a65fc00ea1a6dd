using Keel.Core.Compaction;

namespace Keel.Core.Events;

/// <summary>A compaction attempt failed; after too many in a row autocompact is off for the session.</summary>
public sealed record CompactionFailed(CompactTrigger Trigger, string Reason, int ConsecutiveFailures, bool AutoCompactDisabled) : AgentEvent;
