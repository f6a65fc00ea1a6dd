namespace Keel.Core.Markdown;

/// <summary>Lists <c>*.md</c> files below a directory with their <c>:</c>-namespaced names, sorted for a stable order.</summary>
public static class MarkdownFiles
{
    private const int MaxDepth = 4;

    public static IEnumerable<(string Name, string Path, string? Folder)> Find(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var found = new List<(string, string, string?)>();
        Walk(directory, directory, 0, found);
        found.Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return found;
    }

    private static void Walk(string root, string directory, int depth, List<(string, string, string?)> found)
    {
        IEnumerable<string> files;
        IEnumerable<string> folders;
        try
        {
            files = Directory.EnumerateFiles(directory, "*.md").ToList();
            folders = depth < MaxDepth ? Directory.EnumerateDirectories(directory).ToList() : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file);
            var folder = Path.GetDirectoryName(relative);
            var name = relative[..^3].Replace(Path.DirectorySeparatorChar, ':');
            found.Add((name, file, string.IsNullOrEmpty(folder) ? null : folder.Replace(Path.DirectorySeparatorChar, ':')));
        }

        foreach (var sub in folders)
        {
            if (!Path.GetFileName(sub).StartsWith('.'))
            {
                Walk(root, sub, depth + 1, found);
            }
        }
    }
}
