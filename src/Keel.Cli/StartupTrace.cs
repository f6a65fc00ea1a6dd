using System.Diagnostics;

namespace Keel.Cli;

/// <summary>
/// With <c>--debug startup</c> (or KEEL_TRACE_STARTUP=1), prints how long each startup phase took to stderr, counted
/// from <c>Main</c>; the first line says how long the process took to reach <c>Main</c> (runtime start-up).
/// Marks made before the flag is parsed are kept and printed when it is.
/// </summary>
internal static class StartupTrace
{
    private static readonly long Start = Stopwatch.GetTimestamp();
    private static readonly List<(double Ms, string Phase)> Early = [];
    private static bool s_enabled = Environment.GetEnvironmentVariable("KEEL_TRACE_STARTUP") == "1";
    private static bool s_decided = s_enabled;

    public static void Mark(string phase)
    {
        var ms = Stopwatch.GetElapsedTime(Start).TotalMilliseconds;
        if (s_enabled)
        {
            Write(ms, phase);
        }
        else if (!s_decided)
        {
            Early.Add((ms, phase));
        }
    }

    /// <summary>The command line is parsed: from here on marks print (when asked) or cost nothing.</summary>
    public static void Decide(bool enabled)
    {
        if (s_decided)
        {
            // Turned on by KEEL_TRACE_STARTUP before Main: marks from below the CLI go with ours.
            Core.Diagnostics.PhaseTrace.SetSink(s_enabled ? Mark : null);
            return;
        }

        Core.Diagnostics.PhaseTrace.SetSink(enabled ? Mark : null);
        s_decided = true;
        s_enabled = enabled;
        if (enabled)
        {
            var sinceProcessStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds - Stopwatch.GetElapsedTime(Start).TotalMilliseconds;
            DebugOutput.Writer.WriteLine($"[startup] process start to Main: ~{sinceProcessStart:F1} ms (runtime start-up)");
            foreach (var (ms, phase) in Early)
            {
                Write(ms, phase);
            }
        }

        Early.Clear();
    }

    private static void Write(double ms, string phase) => DebugOutput.Writer.WriteLine($"[startup] {ms,7:F1} ms  {phase}");
}
