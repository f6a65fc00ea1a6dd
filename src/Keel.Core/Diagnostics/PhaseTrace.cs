namespace Keel.Core.Diagnostics;

/// <summary>
/// Timing marks from layers below the CLI (a tool's process spawn, its exit), printed with the start-up trace when
/// that is on (<c>KEEL_TRACE_STARTUP=1</c>, <c>--debug startup</c>). Core prints nothing itself: the CLI sets the
/// sink; while it is null a mark is one field read.
/// </summary>
public static class PhaseTrace
{
    private static Action<string>? s_sink;

    /// <summary>True while marks go somewhere (callers skip building a mark's text otherwise).</summary>
    public static bool Enabled => s_sink is not null;

    /// <summary>Where marks go; null turns them off.</summary>
    public static void SetSink(Action<string>? sink) => s_sink = sink;

    public static void Mark(string phase) => s_sink?.Invoke(phase);
}
