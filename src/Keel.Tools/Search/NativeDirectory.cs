using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Keel.Tools.Search;

/// <summary>
/// Linux directory reading for <see cref="FileWalker"/>: getdents64 on a directory descriptor, so each entry's type
/// comes from the directory itself (no stat per file), and a file can then be opened relative to that descriptor
/// (one path component for the kernel to resolve instead of the whole path).
/// </summary>
internal static class NativeDirectory
{
    public const byte TypeUnknown = 0;
    public const byte TypeDirectory = 4;
    public const byte TypeRegular = 8;
    public const byte TypeSymlink = 10;

    private const int ReadOnlyDirectoryCloseOnExec = 0x10000 | 0x80000;
    private const int ReadOnlyNonBlockingCloseOnExec = 0x800 | 0x80000 | 0x100;
    private const int SymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxTypeMtimeSize = 0x1 | 0x40 | 0x200;
    private const int Interrupted = 4;
    private static bool s_unavailable = !OperatingSystem.IsLinux() || !HasExports();

    [ThreadStatic]
    private static byte[]? t_path;

    [ThreadStatic]
    private static byte[]? t_statx;

    public static bool IsAvailable => !s_unavailable;

    /// <summary>Opens a directory: its descriptor, -1 when it cannot be read, or -2 when this route is unavailable here.</summary>
    public static int OpenDirectory(string path)
    {
        var bytes = Terminated(path);
        try
        {
            return OpenNative(ref bytes[0], ReadOnlyDirectoryCloseOnExec);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return -2;
        }
    }

    /// <summary>Reads the next batch of entries into <paramref name="buffer"/>: bytes filled, 0 at the end, -1 on an error.</summary>
    public static int Read(int directory, byte[] buffer)
    {
        while (true)
        {
            var read = GetDents(directory, ref buffer[0], buffer.Length);
            if (read >= 0 || Marshal.GetLastPInvokeError() != Interrupted)
            {
                return (int)read;
            }
        }
    }

    /// <summary>
    /// The entry at <paramref name="offset"/> of a getdents64 batch: its type, and its name's bytes, which are followed
    /// by a NUL in the buffer (so the span's start can be passed to the C library as a string). Returns the next offset.
    /// </summary>
    public static int Entry(ReadOnlySpan<byte> batch, int offset, out byte type, out ReadOnlySpan<byte> name)
    {
        // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
        var length = BinaryPrimitives.ReadUInt16LittleEndian(batch[(offset + 16)..]);
        type = batch[offset + 18];
        var raw = batch.Slice(offset + 19, length - 19);
        name = raw[..raw.IndexOf((byte)0)];
        return offset + length;
    }

    /// <summary>Opens a file of the directory without blocking: a descriptor, or -1.</summary>
    public static int OpenFile(int directory, ReadOnlySpan<byte> terminatedName) =>
        OpenAt(directory, ref MemoryMarshal.GetReference(terminatedName), ReadOnlyNonBlockingCloseOnExec);

    /// <summary>
    /// The type (<c>S_IFMT</c> bits of the mode), size and modification time of a directory entry (following a symlink
    /// unless <paramref name="noFollow"/>), or of the open file itself when <paramref name="terminatedName"/> is empty.
    /// False when it cannot be read.
    /// </summary>
    public static bool Stat(int fd, ReadOnlySpan<byte> terminatedName, bool noFollow, out int mode, out long length, out DateTime modified)
    {
        var buffer = t_statx ??= new byte[256];
        byte empty = 0;
        var flags = (noFollow ? SymlinkNoFollow : 0) | (terminatedName.IsEmpty ? AtEmptyPath : 0);
        ref var path = ref terminatedName.IsEmpty ? ref empty : ref MemoryMarshal.GetReference(terminatedName);
        if (Statx(fd, ref path, flags, StatxTypeMtimeSize, ref buffer[0]) != 0)
        {
            mode = 0;
            length = 0;
            modified = default;
            return false;
        }

        // struct statx: stx_mode at 28, stx_size at 40, stx_mtime (tv_sec, tv_nsec) at 112.
        var span = buffer.AsSpan();
        mode = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]) & 0xF000;
        length = BinaryPrimitives.ReadInt64LittleEndian(span[40..]);
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(span[112..]);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(span[120..]);
        modified = DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
        return true;
    }

    public static bool IsDirectoryMode(int mode) => mode == 0x4000;

    public static bool IsSymlinkMode(int mode) => mode == 0xA000;

    public static void Close(int fd) => CloseNative(fd);

    /// <summary>
    /// Whether the C library has every call this route makes (getdents64 came with glibc 2.30, statx with 2.28): without
    /// them the walk uses the managed enumeration instead of failing on its first directory.
    /// </summary>
    private static bool HasExports()
    {
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc))
        {
            return false;
        }

        return NativeLibrary.TryGetExport(libc, "getdents64", out _) && NativeLibrary.TryGetExport(libc, "statx", out _)
            && NativeLibrary.TryGetExport(libc, "openat", out _) && NativeLibrary.TryGetExport(libc, "pread64", out _);
    }

    private static byte[] Terminated(string path)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        var bytes = t_path;
        if (bytes is null || bytes.Length < needed)
        {
            t_path = bytes = new byte[Math.Max(needed, 1024)];
        }

        bytes[Encoding.UTF8.GetBytes(path, bytes)] = 0;
        return bytes;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative(ref byte path, int flags);

    [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static extern int OpenAt(int directory, ref byte path, int flags);

    [DllImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static extern nint GetDents(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directoryFd, ref byte path, int flags, uint mask, ref byte buffer);

    // A read-only descriptor has nothing to flush: what close reports does not change what was read.
    [DllImport("libc", EntryPoint = "close")]
    private static extern void CloseNative(int fd);
}
