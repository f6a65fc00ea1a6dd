using System.Diagnostics;

namespace Keel.Cli;

/// <summary>With KEEL_TRACE_STARTUP=1, prints how long each startup phase took (stderr).</summary>
internal static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("KEEL_TRACE_STARTUP") == "1";
    private static readonly long Start = Stopwatch.GetTimestamp();

    public static void Mark(string phase)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"[startup] {Stopwatch.GetElapsedTime(Start).TotalMilliseconds,7:F1} ms  {phase}");
        }
    }
}
