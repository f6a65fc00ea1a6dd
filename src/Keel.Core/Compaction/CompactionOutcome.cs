using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Compaction;

/// <summary>Filled in by <see cref="ContextCompactor"/> when its event stream ends.</summary>
public sealed class CompactionOutcome
{
    /// <summary>The conversation to continue with, or null when it did not change.</summary>
    public IReadOnlyList<Message>? Messages { get; internal set; }

    /// <summary>True when the context is still past the blocking limit: sending would fail.</summary>
    public bool Blocked { get; internal set; }

    /// <summary>Why a requested compaction failed (manual or reactive).</summary>
    public ModelError? Error { get; internal set; }

    public string? Summary { get; internal set; }
}
