using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Keel.Core.Storage;

/// <summary>
/// Puts files that are already written (in the operating system's cache, visible to every reader) on the disk off the
/// caller's path: a tool round trip does not wait for an fsync, which took 0.2 to 100 ms on the project's VM. Flushes
/// run one at a time in the order they were asked for; each file is flushed, closed, and then its directory flushed,
/// so the rename that put it in place is on the disk too.
/// </summary>
/// <remarks>
/// What a caller gets: once <see cref="Enqueue"/> returns, the file survives Keel being killed (the data is with the
/// kernel). It survives a machine crash once its flush has run, which is milliseconds later, and always before Keel
/// exits normally (<see cref="WaitAll"/> runs at process exit) and before anyone who calls <see cref="WaitAll"/> goes on.
/// </remarks>
public static class BackgroundFlush
{
    private const int OpenReadOnly = 0;
    private const int OpenDirectory = 0x10000;
    private const int OpenCloseOnExec = 0x80000;

    private static readonly Lock Gate = new();
    private static Task s_tail = Task.CompletedTask;
    private static bool s_waitsAtExit;

    /// <summary>
    /// Flushes <paramref name="file"/> (taking ownership: it is closed afterwards), then <paramref name="directory"/>.
    /// </summary>
    public static void Enqueue(SafeFileHandle file, string directory)
    {
        lock (Gate)
        {
            if (!s_waitsAtExit)
            {
                s_waitsAtExit = true;
                AppDomain.CurrentDomain.ProcessExit += static (_, _) => WaitAll();
            }

            s_tail = s_tail.ContinueWith(_ => Flush(file, directory), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>Returns once every flush asked for so far is done (failures included: a flush never throws).</summary>
    public static void WaitAll()
    {
        Task tail;
        lock (Gate)
        {
            tail = s_tail;
        }

        tail.GetAwaiter().GetResult();
    }

    private static void Flush(SafeFileHandle file, string directory)
    {
        try
        {
            RandomAccess.FlushToDisk(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The data is with the operating system; only a crash of the machine could lose it now.
        }
        finally
        {
            file.Dispose();
        }

        if (OperatingSystem.IsLinux())
        {
            FlushDirectory(directory);
        }
    }

    private static void FlushDirectory(string directory)
    {
        var name = new byte[Encoding.UTF8.GetMaxByteCount(directory.Length) + 1];
        Encoding.UTF8.GetBytes(directory, name);
        var fd = Open(ref name[0], OpenReadOnly | OpenDirectory | OpenCloseOnExec);
        if (fd < 0)
        {
            return;
        }

        // A directory that cannot be flushed leaves the rename with the operating system, as a file's failed flush does.
        _ = Fsync(fd);
        _ = Close(fd);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(ref byte path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
