namespace Keel.Tools.Shell.Sandbox;

/// <summary>
/// Counts the commands using each mount point bwrap created for a missing protected path, and
/// removes the (empty) directory when the last one ends, so the project is left as it was. Removing it
/// while another sandbox still has it mounted would silently lift that sandbox's protection.
/// </summary>
internal sealed class PlaceholderLedger
{
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Acquire(IEnumerable<string> paths)
    {
        lock (_gate)
        {
            foreach (var path in paths)
            {
                _users[path] = _users.GetValueOrDefault(path) + 1;
            }
        }
    }

    public void Release(IEnumerable<string> paths)
    {
        lock (_gate)
        {
            foreach (var path in paths)
            {
                if (!_users.TryGetValue(path, out var count))
                {
                    continue;
                }

                if (count > 1)
                {
                    _users[path] = count - 1;
                    continue;
                }

                _users.Remove(path);
                RemoveIfEmpty(path);
            }
        }
    }

    private static void RemoveIfEmpty(string path)
    {
        try
        {
            var info = new DirectoryInfo(path);
            if (info.Exists && info.LinkTarget is null && !info.EnumerateFileSystemInfos().Any())
            {
                info.Delete(recursive: false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Someone put something there after all; leaving an empty directory is harmless.
        }
    }
}
