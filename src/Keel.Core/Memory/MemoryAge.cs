using System.Globalization;

namespace Keel.Core.Memory;

/// <summary>How old a memory is, in words, and whether it is old enough to need checking before use.</summary>
public static class MemoryAge
{
    /// <summary>Memories older than this carry a note to verify them.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    public static bool IsStale(TimeSpan age) => age > StaleAfter;

    public static string Describe(TimeSpan age) => age.TotalMinutes < 1 ? "just now"
        : age.TotalHours < 1 ? Plural((int)age.TotalMinutes, "minute")
        : age.TotalDays < 1 ? Plural((int)age.TotalHours, "hour")
        : Plural((int)age.TotalDays, "day");

    private static string Plural(int n, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? string.Empty : "s")} ago");
}
