namespace Keel.Core.Sessions;

/// <summary>
/// <c>cleanupPeriodDays</c> (default 30): transcripts not written for that long are deleted at start-up, each with
/// its session folder (file checkpoints, spilled tool output, subagent transcripts).
/// </summary>
public static class SessionCleanup
{
    public const int DefaultDays = 30;

    /// <summary>Deletes old sessions of every project; returns how many. Never throws: a file it cannot delete stays.</summary>
    /// <param name="keep">A session id never deleted (the one starting, e.g. on <c>-r</c> of an old session).</param>
    public static int Prune(string configDirectory, int days, DateTimeOffset now, string? keep = null)
    {
        var projects = Path.Combine(configDirectory, "projects");
        if (days <= 0 || !Directory.Exists(projects))
        {
            return 0;
        }

        var cutoff = now.UtcDateTime - TimeSpan.FromDays(days);
        var pruned = 0;
        try
        {
            foreach (var transcript in new DirectoryInfo(projects).EnumerateFiles("*.jsonl", SearchOption.AllDirectories))
            {
                var id = Path.GetFileNameWithoutExtension(transcript.Name);
                if (transcript.LastWriteTimeUtc >= cutoff || id == keep)
                {
                    continue;
                }

                try
                {
                    transcript.Delete();
                    var folder = Path.Combine(transcript.DirectoryName!, id);
                    if (Directory.Exists(folder))
                    {
                        Directory.Delete(folder, recursive: true);
                    }

                    pruned++;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Busy or not ours to delete: the next start-up tries again.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable projects folder: nothing to prune.
        }

        return pruned;
    }
}
