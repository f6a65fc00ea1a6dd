using System.Globalization;
using System.Text;
using Keel.Core.Markdown;

namespace Keel.Core.Memory;

/// <summary>
/// Reads a memory folder: the <c>MEMORY.md</c> index (capped as it enters the prompt) and the topic
/// files' headers; deletes a memory. Unreadable files are skipped, never fatal.
/// </summary>
public static class MemoryStore
{
    public const int MaxIndexLines = 200;
    public const int MaxIndexBytes = 25 * 1024;
    public const int MaxFiles = 200;

    /// <summary>How much of a topic file's head is read for its front matter.</summary>
    private const int HeaderBytes = 4096;

    /// <summary>The index as it enters the prompt (first 200 lines / 25 KB, with a note when cut), or null when there is none.</summary>
    public static string? ReadIndex(string directory)
    {
        var text = ReadText(Path.Combine(directory, MemoryLocation.IndexFileName));
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n');
        var kept = new StringBuilder();
        var bytes = 0;
        var count = 0;
        foreach (var line in lines)
        {
            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (count == MaxIndexLines || bytes + size > MaxIndexBytes)
            {
                kept.Append(CultureInfo.InvariantCulture, $"(MEMORY.md goes on for {lines.Length - count} more lines that were not loaded; keep the index short and move detail into topic files.)\n");
                break;
            }

            kept.Append(line).Append('\n');
            bytes += size;
            count++;
        }

        return kept.ToString();
    }

    /// <summary>The topic files of <paramref name="directory"/> (not the index), newest first, at most <see cref="MaxFiles"/>.</summary>
    public static IReadOnlyList<MemoryEntry> Scan(string directory, string scope)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = new List<FileInfo>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*.md", SearchOption.AllDirectories))
            {
                if (!string.Equals(Path.GetRelativePath(directory, path), MemoryLocation.IndexFileName, StringComparison.Ordinal))
                {
                    files.Add(new FileInfo(path));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be listed holds no memories we can use.
        }

        return [.. files
            .OrderByDescending(static f => f.LastWriteTimeUtc)
            .Take(MaxFiles)
            .Select(f => Header(f, scope))
            .OfType<MemoryEntry>()];
    }

    /// <summary>The topic files of every folder of <paramref name="location"/>, project first.</summary>
    public static IReadOnlyList<MemoryEntry> ScanAll(MemoryLocation location) =>
        [.. Scan(location.ProjectDirectory, "project"), .. Scan(location.UserDirectory, "user")];

    /// <summary>A memory by file name (with or without <c>.md</c>) or front matter name; project before user.</summary>
    public static MemoryEntry? Find(MemoryLocation location, string name)
    {
        var entries = ScanAll(location);
        var file = name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? name : name + ".md";
        return entries.FirstOrDefault(e => string.Equals(e.FileName, file, StringComparison.Ordinal))
            ?? entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Deletes the memory's file and the index lines that link to it; the error for the user, or null.</summary>
    public static string? Forget(MemoryEntry entry)
    {
        try
        {
            File.Delete(entry.Path);
            var index = Path.Combine(Path.GetDirectoryName(entry.Path)!, MemoryLocation.IndexFileName);
            if (File.Exists(index))
            {
                var lines = File.ReadAllLines(index);
                var kept = lines.Where(l => !l.Contains("(" + entry.FileName + ")", StringComparison.Ordinal)).ToArray();
                if (kept.Length != lines.Length)
                {
                    Storage.AtomicFile.Write(index, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', kept) + "\n"));
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"could not delete {entry.Path}: {ex.Message}";
        }
    }

    /// <summary>A file's whole text, or null when it cannot be read.</summary>
    public static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static MemoryEntry? Header(FileInfo file, string scope)
    {
        string head;
        try
        {
            using var stream = file.OpenRead();
            var buffer = new byte[HeaderBytes];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            head = Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var front = FrontMatter.Parse(head);
        var name = front.Get("name") ?? Path.GetFileNameWithoutExtension(file.Name);
        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        return new MemoryEntry(file.FullName, name, front.Get("description") ?? string.Empty, MemoryTypes.Parse(front.Get("type")), modified, scope);
    }
}
