namespace Keel.Core.Storage;

/// <summary>
/// Writes a file by renaming a finished temp file (unique name, flushed, same mode) over it, so readers never
/// see half a file and concurrent writers never share a temp file. Every whole-file rewrite in Keel uses it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes the file and flushes it to the disk before it replaces the old one.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes) => Write(path, bytes, flushLater: false);

    /// <summary>
    /// Writes the file and puts it in place at once; the flush to the disk runs in the background
    /// (<see cref="BackgroundFlush"/>: done within milliseconds, and before Keel exits). For writes on a tool call's
    /// path. Readers still never see half a file, and a killed Keel loses nothing; a machine crash in the
    /// milliseconds before the flush keeps the old or the new content where the file system orders a replacing
    /// rename after the file's data (ext4 by default, btrfs), and may keep neither elsewhere.
    /// </summary>
    public static void WriteFlushLater(string path, ReadOnlySpan<byte> bytes) => Write(path, bytes, flushLater: true);

    private static void Write(string path, ReadOnlySpan<byte> bytes, bool flushLater)
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
            // Windows cannot rename a file it holds open: there the flush stays in line.
            var later = flushLater && !OperatingSystem.IsWindows();
            // Not FileShare.None: .NET makes that an advisory lock (flock) on Unix, which would stay on the file in
            // place until the background flush closes it and make other readers in Keel fail. The name is unique anyway.
            var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
            var handedOver = false;
            try
            {
                RandomAccess.Write(handle, bytes, 0);
                if (!later)
                {
                    RandomAccess.FlushToDisk(handle);
                    handle.Dispose();
                }

                if (mode is { } m && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temp, m);
                }

                File.Move(temp, target, overwrite: true);
                if (later)
                {
                    // After the rename the open handle still names the data written above: the flush covers exactly that.
                    BackgroundFlush.Enqueue(handle, directory);
                    handedOver = true;
                }
            }
            finally
            {
                if (!handedOver)
                {
                    handle.Dispose();
                }
            }
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
