using System.Globalization;
using System.Text;

namespace Keel.Core.Memory;

/// <summary>Writes proposed memories into a memory folder (atomically, file names checked) and keeps <c>MEMORY.md</c> pointing at them.</summary>
public static class MemoryWriter
{
    /// <summary>A plain file name in the folder: letters, digits, <c>_ - .</c>, ending in <c>.md</c>, not the index.</summary>
    public static bool IsValidFileName(string file) =>
        file.Length is > 3 and <= 100
        && file.EndsWith(".md", StringComparison.Ordinal)
        && char.IsAsciiLetterOrDigit(file[0])
        && file.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
        && !file.Contains("..", StringComparison.Ordinal)
        && !string.Equals(file, MemoryLocation.IndexFileName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes each proposal and its index line; the files written, or why it stopped.</summary>
    public static (IReadOnlyList<string> Written, string? Error) Write(string directory, IReadOnlyList<MemoryProposal> proposals, DateOnly today)
    {
        var written = new List<string>();
        if (proposals.Count == 0)
        {
            return (written, null);
        }

        try
        {
            Directory.CreateDirectory(directory);
            foreach (var proposal in proposals)
            {
                var path = Path.Combine(directory, proposal.File);
                var text = new StringBuilder();
                text.Append("---\nname: ").Append(OneLine(proposal.Name)).Append('\n');
                text.Append("description: ").Append(OneLine(proposal.Description)).Append('\n');
                text.Append("type: ").Append(proposal.Type).Append('\n');
                text.Append("updated: ").Append(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
                text.Append("---\n").Append(proposal.Content.TrimEnd()).Append('\n');
                Replace(path, text.ToString());
                written.Add(path);
            }

            UpdateIndex(Path.Combine(directory, MemoryLocation.IndexFileName), proposals);
            return (written, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (written, ex.Message);
        }
    }

    private static void UpdateIndex(string index, IReadOnlyList<MemoryProposal> proposals)
    {
        var lines = File.Exists(index) ? File.ReadAllLines(index).ToList() : [];
        foreach (var proposal in proposals)
        {
            var line = $"- [{OneLine(proposal.Name)}]({proposal.File}): {OneLine(proposal.Description)}";
            var at = lines.FindIndex(l => l.Contains("(" + proposal.File + ")", StringComparison.Ordinal));
            if (at >= 0)
            {
                lines[at] = line;
            }
            else
            {
                lines.Add(line);
            }
        }

        Replace(index, string.Join('\n', lines) + "\n");
    }

    private static void Replace(string path, string text) => Storage.AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
