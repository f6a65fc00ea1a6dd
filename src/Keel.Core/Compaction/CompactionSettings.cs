namespace Keel.Core.Compaction;

/// <summary>The context ladder's knobs. Token budgets are for a 200K window and scale down with it.</summary>
public sealed record CompactionSettings(int ContextWindow)
{
    /// <summary>Microcompact keeps this many of the newest tool results intact.</summary>
    public int KeepRecentToolResults { get; init; } = 5;

    /// <summary>
    /// Microcompact runs only if it leaves at least this much room below the warning line: it
    /// changes the cached prefix, so it must buy several turns, and when it cannot, autocompact does.
    /// </summary>
    public int MicrocompactHeadroomTokens { get; init; } = 20_000;

    public int MaxReattachedFiles { get; init; } = 5;

    public int ReattachBudgetTokens { get; init; } = 20_000;

    public int MaxFileTokens { get; init; } = 5_000;

    public int MaxSummaryTokens { get; init; } = 16_000;

    /// <summary>Consecutive failures after which autocompact is off for the session.</summary>
    public int MaxConsecutiveFailures { get; init; } = 3;
}
