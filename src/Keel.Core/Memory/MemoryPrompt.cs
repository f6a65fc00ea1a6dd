using System.Text;

namespace Keel.Core.Memory;

/// <summary>
/// The memory section of the dynamic system prompt: what the memory is, the four types, when and how
/// to save, and the <c>MEMORY.md</c> indexes. It names this project's folders, so it never belongs in
/// the static prefix.
/// </summary>
public static class MemoryPrompt
{
    /// <summary>The section's text, read from the folders now (an index written later shows from the next session).</summary>
    public static string Build(MemoryLocation location)
    {
        var text = new StringBuilder(4096);
        text.Append("You keep a memory that lasts between sessions: Markdown files in ").Append(location.ProjectDirectory)
            .Append(" for this project, and in ").Append(location.UserDirectory)
            .Append(" for what holds in every project. Each folder's MEMORY.md indexes its files and is shown below. ")
            .Append("Memory files that look relevant to a message are attached to it; you can also Read any of them yourself.\n\n");
        text.Append("""
            Kinds of memory (the `type` of a file):
            - user: who the developer is: role, expertise, preferences about how they work with you.
            - feedback: how to work here: a correction the developer made, or an approach they confirmed that was not obvious.
            - project: what is going on: goals, decisions and their reasons, deadlines, incidents; things the code and git history do not show.
            - reference: where to look: issue trackers, dashboards, documents, channels outside the repository.

            Save a memory when you learn something of these kinds that will still matter in a later session, and at once when the developer asks you to remember something. Delete or correct one when the developer asks you to forget it or it proved wrong. Do not save what the code, git history or instruction files already say, secrets, or the details of the task at hand.

            To save, use Write or Edit on a file in the memory folder (no approval is needed there). One topic per file, named for its topic (e.g. `feedback_testing.md`), beginning with front matter:
            ```
            ---
            name: short title
            description: one line saying what this memory holds; it decides when the memory is recalled
            type: user | feedback | project | reference
            updated: YYYY-MM-DD
            ---
            ```
            then the memory itself; for feedback and project memories, add the reason. Write absolute dates, never "yesterday" or "next week". Update an existing file instead of adding a near-duplicate. Then add or update the file's line in MEMORY.md: `- [title](file.md): one-line hook`. MEMORY.md is only an index: keep it short (only its first 200 lines are loaded) and never put the memory's content there.

            Memories describe the past. Before you act on one that names a file, function, flag or command, check that it still holds; when it does not, fix or delete the memory.

            """);
        AppendIndex(text, "This project's MEMORY.md", location.ProjectDirectory);
        AppendIndex(text, "Your user-level MEMORY.md", location.UserDirectory);
        return text.ToString();
    }

    private static void AppendIndex(StringBuilder text, string title, string directory)
    {
        text.Append("\n## ").Append(title).Append(" (").Append(Path.Combine(directory, MemoryLocation.IndexFileName)).Append(")\n");
        text.Append(MemoryStore.ReadIndex(directory) ?? "(empty: nothing saved yet)\n");
    }
}
