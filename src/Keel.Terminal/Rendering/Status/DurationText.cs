using System.Globalization;

namespace Keel.Terminal.Rendering.Status;

/// <summary>Short human durations: "850ms", "4.2s", "2m 05s", "1h 03m".</summary>
public static class DurationText
{
    public static string Precise(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => $"{Math.Max(0, (int)duration.TotalMilliseconds)}ms",
        < 60 => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        _ => Whole(duration),
    };

    public static string Whole(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 60 => $"{Math.Max(0, (int)duration.TotalSeconds)}s",
        < 3600 => $"{(int)duration.TotalMinutes}m {duration.Seconds:00}s",
        _ => $"{(int)duration.TotalHours}h {duration.Minutes:00}m",
    };

    /// <summary>Token counts as "950", "12.3k", "1.2M".</summary>
    public static string Tokens(long tokens) => tokens switch
    {
        < 1_000 => tokens.ToString(CultureInfo.InvariantCulture),
        < 1_000_000 => (tokens / 1000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => (tokens / 1_000_000.0).ToString("0.#", CultureInfo.InvariantCulture) + "M",
    };
}
