namespace Keel.Core.Storage;

/// <summary>
/// Writes a file by renaming a finished temp file (unique name, flushed, same mode) over it, so readers never
/// see half a file and concurrent writers never share a temp file. Every whole-file rewrite in Keel uses it.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        // Writing through a symlink must change its target, not replace the link with a file.
        var target = ResolveFinalTarget(path);
        var directory = Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(directory);
        UnixFileMode? mode = null;
        if (File.Exists(target) && !OperatingSystem.IsWindows())
        {
            mode = File.GetUnixFileMode(target);
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.keel-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, m);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string ResolveFinalTarget(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null)
        {
            return path;
        }

        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target?.FullName ?? path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
