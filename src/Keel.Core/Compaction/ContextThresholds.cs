namespace Keel.Core.Compaction;

/// <summary>
/// Where the context ladder's states begin, in tokens. Autocompact keeps <see cref="SummaryReserve"/> (20,000) free
/// below the window for the summary's answer, so the summary can be a fork of the conversation (the cached prefix,
/// read again) rather than a rendering written from scratch: the offsets below the window are 40,000 (warning),
/// 33,000 (autocompact: 13,000 below the reserve) and 3,000 (blocking) for windows of 200,000 tokens and more; a
/// smaller window scales all of them by window / 200,000 (a 20,000-token window warns at 16,000, compacts at
/// 16,700 and blocks at 19,700), so the ladder keeps its shape at any size.
/// </summary>
public sealed record ContextThresholds(int Window, int Warning, int AutoCompact, int Blocking)
{
    public const int ReferenceWindow = 200_000;

    /// <summary>Room kept for the summary's answer at the reference window (more than its 16,000-token output limit).</summary>
    public const int SummaryReserve = 20_000;

    /// <summary>How much smaller than the reference window this one is (1 for 200K and above).</summary>
    public double Scale => Math.Min(1.0, (double)Window / ReferenceWindow);

    public static ContextThresholds For(int window)
    {
        window = Math.Max(1_000, window);
        var scale = Math.Min(1.0, (double)window / ReferenceWindow);
        return new ContextThresholds(
            window,
            window - (int)((SummaryReserve + 20_000) * scale),
            window - (int)((SummaryReserve + 13_000) * scale),
            window - (int)(3_000 * scale));
    }

    /// <summary>Scales a budget given for the reference window (e.g. the 20,000-token re-attach budget).</summary>
    public int Scaled(int tokensAtReference) => Math.Max(1, (int)(tokensAtReference * Scale));

    public ContextLevel LevelOf(long tokens) => tokens switch
    {
        _ when tokens >= Blocking => ContextLevel.Blocking,
        _ when tokens >= AutoCompact => ContextLevel.AutoCompact,
        _ when tokens >= Warning => ContextLevel.Warning,
        _ => ContextLevel.Normal,
    };
}
