using System.Runtime.InteropServices;
using System.Text;

namespace Keel.EndToEnd.Tests;

/// <summary>
/// Completes <see cref="Opened"/> when any process opens a file (inotify's IN_OPEN): lets a test see that Keel read a file
/// at a given moment without waiting on a clock. The watch is armed when this is created.
/// </summary>
internal sealed class OpenWatch : IDisposable
{
    private const int InCloexec = 0x80000;
    private const uint InOpen = 0x20;
    private readonly int _fd;

    public OpenWatch(string path)
    {
        _fd = InotifyInit1(InCloexec);
        if (_fd < 0 || InotifyAddWatch(_fd, Encoding.UTF8.GetBytes(path + "\0"), InOpen) < 0)
        {
            throw new InvalidOperationException($"inotify could not watch {path} (errno {Marshal.GetLastPInvokeError()})");
        }

        // read(2) blocks until the first event; a dedicated thread keeps the pool free.
        Opened = Task.Factory.StartNew(
            () =>
            {
                var buffer = new byte[4096];
                if (Read(_fd, buffer, buffer.Length) <= 0)
                {
                    throw new InvalidOperationException("the inotify watch ended without an event");
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public Task Opened { get; }

    // Only closed once the event arrived: closing a descriptor a thread is blocked reading from does not wake it.
    public void Dispose()
    {
        if (Opened.IsCompleted)
        {
            _ = Close(_fd);
        }
    }

    [DllImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int InotifyInit1(int flags);

    [DllImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int InotifyAddWatch(int fd, byte[] path, uint mask);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
