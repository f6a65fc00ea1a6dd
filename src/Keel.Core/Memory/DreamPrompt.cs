using System.Globalization;

namespace Keel.Core.Memory;

/// <summary>The instructions of a consolidation run.</summary>
public static class DreamPrompt
{
    /// <summary>Marks the consolidation's system prompt (tests and logs recognise it by this).</summary>
    public const string Marker = "You are consolidating the long-term memory";

    public static string System(MemoryLocation location, string sessionsDirectory, DateTimeOffset? since, DateOnly today) =>
        Marker + " of Keel, a coding agent, between sessions; nobody is waiting for you and nobody will answer questions.\n\n"
        + "Memory folder: " + location.ProjectDirectory + " (MEMORY.md is its index; the other .md files are topic files with front matter: name, description, type (user, feedback, project or reference), updated).\n"
        + "Session transcripts: " + sessionsDirectory + " (*.jsonl, one JSON record per line; they can be very large).\n"
        + "Today is " + today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "; look at the transcripts changed "
        + (since is { } at ? "since " + at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "so far") + ".\n\n"
        + """
        Work in four steps:
        1. Orient: list the memory folder, read MEMORY.md, and skim the topic files so you know what is already kept.
        2. Gather: find new signal in the transcripts with narrow searches (Grep or grep for corrections such as "don't", "instead", "actually", "remember", for decisions, dates, names of services and people). Never read a whole transcript; read only the lines around a match (head, tail, grep -n with context).
        3. Consolidate: create or update topic files for what will matter in later sessions; merge duplicates; delete facts that later turns contradicted; turn relative dates ("yesterday", "next week") into absolute ones; set `updated` to today on files you change.
        4. Prune: rewrite MEMORY.md as a short index (well under 200 lines), one line per topic file, `- [title](file.md): one-line hook`, with no lines for files that are gone.

        You may write only inside the memory folder (Write and Edit); Bash is for read-only commands such as ls, grep, head, tail and wc. Finish with two or three lines saying what changed.
        """;

    public const string Kickoff = "Consolidate the memory now.";
}
