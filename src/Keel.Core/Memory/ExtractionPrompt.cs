using System.Text;
using System.Text.Json;

namespace Keel.Core.Memory;

/// <summary>The message that turns a fork of the conversation into a memory extraction, and the reading of its answer.</summary>
public static class ExtractionPrompt
{
    /// <summary>Marks the extraction message (tests and logs recognise it by this).</summary>
    public const string Marker = "Memory upkeep";

    public const int MaxProposals = 5;

    /// <param name="location">Where the memories go.</param>
    /// <param name="existing">The project's memory files as they are.</param>
    /// <param name="withTools">True: the model writes the files itself with Write and Edit; false: it answers with JSON Keel writes.</param>
    public static string Build(MemoryLocation location, IReadOnlyList<MemoryEntry> existing, bool withTools = false)
    {
        var text = new StringBuilder(2048);
        text.Append("<system-reminder>\n").Append(Marker).Append(" (automatic; the developer does not see this message and is not waiting for it).\n");
        text.Append("""
            Look back over the conversation above for things worth keeping for later sessions, of the kinds your memory instructions describe: who the developer is, how they want you to work (corrections and confirmed approaches), what is going on in the project and why, and where to find things outside the repository. Leave out what the code, git history or instruction files already say, secrets, and the details of this task.

            """);
        text.Append("Memory files that already exist in ").Append(location.ProjectDirectory).Append(":\n");
        if (existing.Count == 0)
        {
            text.Append("(none)\n");
        }

        foreach (var entry in existing)
        {
            text.Append("- ").Append(entry.FileName).Append(" (").Append(entry.Type ?? "untyped").Append("): ").Append(entry.Description.Length > 0 ? entry.Description : entry.Name).Append('\n');
        }

        if (withTools)
        {
            text.Append("\nSave each memory as its own Markdown file in ").Append(location.ProjectDirectory)
                .Append(" with the Write tool (Edit to change one that exists). A file starts with front matter: a line ---, then name: (a short title), description: (one line saying what it holds), type: (user, feedback, project or reference), a line ---, and then the memory itself, with absolute dates. ")
                .Append("Keep the index ").Append(location.ProjectIndex)
                .Append(" pointing at every file, one line each: - [short title](file_name.md): the description (Read it before you Edit it; Write it if it does not exist yet).\n")
                .Append("You may read files, and write only in the memory folders; any other tool is refused. Save at most 5 memories. Most of the time nothing new is worth keeping: then call no tools. End with one short line saying what you saved, or \"nothing new\".\n</system-reminder>\n");
            return text.ToString();
        }

        text.Append("""

            Answer with JSON only and call no tools:
            {"memories": [{"file": "feedback_testing.md", "name": "short title", "description": "one line saying what it holds", "type": "user|feedback|project|reference", "content": "the memory, with absolute dates"}]}
            To change an existing memory, use its file name and give its complete new content. Propose at most 5. Most of the time nothing new is worth keeping: then answer {"memories": []}.
            </system-reminder>
            """);
        return text.ToString();
    }

    /// <summary>The proposals in the answer that are complete and well formed; anything else is dropped.</summary>
    public static IReadOnlyList<MemoryProposal> Parse(string? answer)
    {
        var result = new List<MemoryProposal>();
        if (string.IsNullOrWhiteSpace(answer))
        {
            return result;
        }

        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return result;
        }

        try
        {
            using var json = JsonDocument.Parse(answer[start..(end + 1)]);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("memories", out var memories)
                || memories.ValueKind != JsonValueKind.Array)
            {
                return result;
            }

            foreach (var item in memories.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && Text(item, "file") is { } file && MemoryWriter.IsValidFileName(file)
                    && MemoryTypes.Parse(Text(item, "type")) is { } type
                    && Text(item, "content") is { } content)
                {
                    result.Add(new MemoryProposal(file, Text(item, "name") ?? Path.GetFileNameWithoutExtension(file), Text(item, "description") ?? string.Empty, type, content));
                    if (result.Count == MaxProposals)
                    {
                        break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: nothing is written.
        }

        return result;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}
