using Keel.Core.Permissions;
using Keel.Tools.Search;

namespace Keel.Cli.Interactive;

/// <summary>Repository files for @-mention completion: .gitignore respected (the Glob/Grep walker), Read-denied files left out.</summary>
internal static class FileIndex
{
    private const int MaxFiles = 50_000;

    public static IReadOnlyList<string> List(string root, PermissionEngine policy)
    {
        var files = new List<string>();
        try
        {
            foreach (var entry in new FileWalker(root).Enumerate())
            {
                if (policy.Paths.ReadDenyRule(entry.FullPath) is not null)
                {
                    continue;
                }

                files.Add(Path.GetRelativePath(root, entry.FullPath));
                if (files.Count >= MaxFiles)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A partial list still completes what it has.
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
