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

    /// <summary>
    /// Set by the caller when the user asked to summarise a part of the conversation (rewind's "summarise from
    /// here"): the summary stands even when it is not shorter than a short part it replaces. Automatic compaction
    /// leaves it false, so a summary that does not shrink the context can never loop.
    /// </summary>
    public bool AllowLonger { get; init; }
}
