using Keel.Core.Compaction;

namespace Keel.Terminal.Rendering.Status;

/// <summary>What the spinner line shows at one moment.</summary>
/// <param name="RetryIn">Time left before a scheduled retry, or null when not backing off.</param>
/// <param name="ContextPercent">Share of the context window in use, when known.</param>
public sealed record SpinnerInfo(
    string Verb,
    TimeSpan Elapsed,
    long Tokens,
    TimeSpan? RetryIn = null,
    int RetryAttempt = 0,
    int RetryMax = 0,
    string? RetryReason = null,
    int? ContextPercent = null,
    ContextLevel ContextLevel = ContextLevel.Normal);
