namespace Keel.Core.Sessions;

/// <summary>
/// <c>cleanupPeriodDays</c> (default 30): session transcripts not written for that long are deleted at start-up, each
/// with its session folder (file checkpoints, spilled tool output, subagent transcripts). Only what Keel wrote is
/// looked at: <c>projects/&lt;project&gt;/&lt;session&gt;.jsonl</c> and the folder of the same name beside it.
/// </summary>
public static class SessionCleanup
{
    public const int DefaultDays = 30;

    /// <summary>At most this many sessions go per start-up, so a first run after a long time stays quick; the rest go next time.</summary>
    public const int MaxPerRun = 200;

    /// <summary>Deletes old sessions of every project; returns how many. Never throws: what it cannot read or delete stays.</summary>
    /// <param name="keep">Session ids never deleted (the one starting, and the one it resumes or forks, however old).</param>
    public static int Prune(string configDirectory, int days, DateTimeOffset now, IReadOnlyCollection<string>? keep = null)
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
            foreach (var project in new DirectoryInfo(projects).EnumerateDirectories())
            {
                // A linked project folder may be someone else's files: not followed.
                if (project.LinkTarget is not null)
                {
                    continue;
                }

                foreach (var transcript in project.EnumerateFiles("*.jsonl"))
                {
                    if (pruned >= MaxPerRun)
                    {
                        return pruned;
                    }

                    var id = Path.GetFileNameWithoutExtension(transcript.Name);
                    if (transcript.LastWriteTimeUtc >= cutoff || keep?.Contains(id, StringComparer.Ordinal) == true)
                    {
                        continue;
                    }

                    if (TryDelete(transcript, Path.Combine(project.FullName, id)))
                    {
                        pruned++;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable projects folder: nothing (more) to prune.
        }

        return pruned;
    }

    private static bool TryDelete(FileInfo transcript, string folder)
    {
        try
        {
            transcript.Delete();
            var info = new DirectoryInfo(folder);
            if (info.LinkTarget is not null)
            {
                // Only the link goes, never what it points to.
                info.Delete();
            }
            else if (info.Exists)
            {
                info.Delete(recursive: true);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Busy or not ours to delete: the next start-up tries again.
            return false;
        }
    }
}
