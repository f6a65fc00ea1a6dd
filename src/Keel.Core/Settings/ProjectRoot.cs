namespace Keel.Core.Settings;

/// <summary>The project a directory belongs to: the git repository root containing it, else itself.</summary>
public static class ProjectRoot
{
    public static string Find(string directory)
    {
        var start = Path.GetFullPath(directory);
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return TrimEnd(dir.FullName);
            }
        }

        return TrimEnd(start);
    }

    private static string TrimEnd(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
