using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Keel.Tools.Search;

/// <summary>
/// Opens a file for reading without ever blocking on FIFOs or devices, and without the extra
/// stat/lock calls of <see cref="File.OpenHandle"/>: on Linux via open(2) with O_NONBLOCK.
/// </summary>
internal static partial class NonBlockingOpen
{
    // Linux values (same on x86-64 and arm64).
    private const int ReadOnlyNonBlockingCloseOnExec = 0x800 | 0x80000 | 0x100;
    private static bool s_unavailable = !OperatingSystem.IsLinux();

    public static bool IsAvailable => !s_unavailable;

    /// <summary>An open handle, or null when the file could not be opened.</summary>
    public static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            var fd = Open(path, ReadOnlyNonBlockingCloseOnExec);
            return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
        }
        catch (DllNotFoundException)
        {
            s_unavailable = true;
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            s_unavailable = true;
            return null;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
