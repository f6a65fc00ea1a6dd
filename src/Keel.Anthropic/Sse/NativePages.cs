using System.Runtime.InteropServices;

namespace Keel.Anthropic.Sse;

/// <summary>
/// Anonymous memory from the kernel, for the data of a huge event: unlike a managed array it can give its
/// pages back at once, while the event is still being decoded. Linux only (the flag values are Linux's);
/// elsewhere <see cref="Supported"/> is false and callers use managed arrays. Blittable signatures only.
/// </summary>
internal static class NativePages
{
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MadvDontNeed = 4;

    public static bool Supported { get; } = OperatingSystem.IsLinux();

    /// <summary>Maps <paramref name="length"/> bytes of zeroed memory (it costs nothing until a page is written); 0 when the kernel refuses.</summary>
    public static nint TryMap(int length)
    {
        var address = Mmap(0, (nuint)length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        return address == -1 ? 0 : address;
    }

    /// <summary>Gives the pages back: they stay mapped and read as zeros, so a late reader finds garbage, never a fault.</summary>
    public static void Discard(nint address, int length) => _ = Madvise(address, (nuint)length, MadvDontNeed);

    public static void Unmap(nint address, int length) => _ = Munmap(address, (nuint)length);

    [DllImport("libc", EntryPoint = "mmap")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);

    [DllImport("libc", EntryPoint = "munmap")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Munmap(nint address, nuint length);
}
