namespace Keel.Core.Memory;

/// <summary>
/// Whether a consolidation ("dream") is due, cheapest check first: auto memory on and the memory folder in
/// use, at least <see cref="MinHours"/> since the last one, at least <see cref="MinSessions"/> other sessions
/// of the project changed since then. The lock is taken after these, by the caller.
/// </summary>
public static class DreamGate
{
    public const int MinHours = 24;
    public const int MinSessions = 5;

    /// <summary>Null when the gates are open; else which one is closed, for diagnostics.</summary>
    public static string? Closed(MemoryLocation location, string sessionsDirectory, string currentSessionId, DateTimeOffset now, out int sessions)
    {
        sessions = 0;
        if (!location.Enabled)
        {
            return "auto memory is off";
        }

        if (!Directory.Exists(location.ProjectDirectory))
        {
            return "the project has no memory folder yet";
        }

        var last = DreamLock.LastConsolidated(location.ProjectDirectory);
        if (last is { } at && now - at < TimeSpan.FromHours(MinHours))
        {
            return $"the last consolidation was less than {MinHours} hours ago";
        }

        sessions = SessionsSince(sessionsDirectory, last, currentSessionId);
        return sessions < MinSessions ? $"only {sessions} sessions since the last consolidation (needs {MinSessions})" : null;
    }

    /// <summary>Transcripts in <paramref name="sessionsDirectory"/> changed after <paramref name="since"/>, not counting the current one.</summary>
    public static int SessionsSince(string sessionsDirectory, DateTimeOffset? since, string currentSessionId)
    {
        if (!Directory.Exists(sessionsDirectory))
        {
            return 0;
        }

        try
        {
            return Directory.EnumerateFiles(sessionsDirectory, "*.jsonl", SearchOption.TopDirectoryOnly)
                .Where(f => !string.Equals(Path.GetFileNameWithoutExtension(f), currentSessionId, StringComparison.Ordinal))
                .Count(f => since is not { } at || File.GetLastWriteTimeUtc(f) > at.UtcDateTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
