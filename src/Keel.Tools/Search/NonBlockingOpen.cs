using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Keel.Tools.Search;

/// <summary>
/// Opens a file for reading without ever blocking on FIFOs or devices, and without the extra
/// stat/lock calls of <see cref="File.OpenHandle"/>: on Linux via open(2) with O_NONBLOCK.
/// </summary>
internal static partial class NonBlockingOpen
{
    /// <summary>What <see cref="TryOpenAndStat"/> returns when its route cannot be used here.</summary>
    public const int Unavailable = -2;

    // Linux values (same on x86-64 and arm64).
    private const int Interrupted = 4;
    private const int ReadOnlyNonBlockingCloseOnExec = 0x800 | 0x80000 | 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxTypeMtimeSize = 0x1 | 0x40 | 0x200;
    private const int StatxBytes = 256;
    private static bool s_unavailable = !OperatingSystem.IsLinux();
    private static bool s_noStatx;

    [ThreadStatic]
    private static byte[]? t_path;

    [ThreadStatic]
    private static byte[]? t_statx;

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

    /// <summary>
    /// Opens <paramref name="path"/> and reads its type, size and modification time with one statx on the open
    /// descriptor. Returns the raw descriptor (the caller closes it with <see cref="Close"/>), -1 when the file could not
    /// be opened, or <see cref="Unavailable"/> when this route cannot be used here (the caller opens it the managed way).
    /// A raw descriptor, not a SafeFileHandle: a search opens every file of a tree, and each handle would cost a
    /// finalizer registration and a seek probe.
    /// </summary>
    public static int TryOpenAndStat(string path, out bool regular, out long length, out DateTime modified)
    {
        regular = false;
        length = 0;
        modified = default;
        if (s_unavailable || s_noStatx)
        {
            return Unavailable;
        }

        var pathBytes = t_path;
        var needed = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        if (pathBytes is null || pathBytes.Length < needed)
        {
            t_path = pathBytes = new byte[Math.Max(needed, 1024)];
        }

        var written = Encoding.UTF8.GetBytes(path, pathBytes);
        pathBytes[written] = 0;
        int fd;
        try
        {
            fd = OpenBytes(ref pathBytes[0], ReadOnlyNonBlockingCloseOnExec);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return Unavailable;
        }

        if (fd < 0)
        {
            return -1;
        }

        var buffer = t_statx ??= new byte[StatxBytes];
        byte empty = 0;
        try
        {
            if (Statx(fd, ref empty, AtEmptyPath, StatxTypeMtimeSize, ref buffer[0]) != 0)
            {
                CloseNative(fd);
                return -1;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_noStatx = true;
            CloseNative(fd);
            return Unavailable;
        }

        // struct statx: stx_mode at 28, stx_size at 40, stx_mtime (tv_sec, tv_nsec) at 112.
        var span = buffer.AsSpan();
        regular = (BinaryPrimitives.ReadUInt16LittleEndian(span[28..]) & 0xF000) == 0x8000;
        length = BinaryPrimitives.ReadInt64LittleEndian(span[40..]);
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(span[112..]);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(span[120..]);
        modified = DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
        return fd;
    }

    /// <summary>pread(2) into <paramref name="buffer"/>; the bytes read, 0 at the end, -1 on an error.</summary>
    public static int ReadAt(int fd, Span<byte> buffer, long offset)
    {
        while (true)
        {
            var read = PRead(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, offset);
            if (read >= 0 || Marshal.GetLastPInvokeError() != Interrupted)
            {
                return (int)read;
            }
        }
    }

    public static void Close(int fd) => CloseNative(fd);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenBytes(ref byte path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directoryFd, ref byte path, int flags, uint mask, ref byte buffer);

    [DllImport("libc", EntryPoint = "pread64", SetLastError = true)]
    private static extern nint PRead(int fd, ref byte buffer, nint count, long offset);

    // A read-only descriptor has nothing to flush: what close reports does not change what was read.
    [DllImport("libc", EntryPoint = "close")]
    private static extern void CloseNative(int fd);
}
