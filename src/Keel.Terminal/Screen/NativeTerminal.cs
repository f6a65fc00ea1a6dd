using System.Runtime.InteropServices;

namespace Keel.Terminal.Screen;

/// <summary>libc calls for the terminal: termios get/set and the window size (Linux x64 layouts).</summary>
internal static partial class NativeTerminal
{
    // sizeof(struct termios) is 60 on Linux; a little slack costs nothing.
    public const int TermiosSize = 64;

    private const ulong TiocGWinSz = 0x5413;

    [StructLayout(LayoutKind.Sequential)]
    private struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int GetAttributes(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int SetAttributes(int fd, int optionalActions, [In] byte[] termios);

    [LibraryImport("libc", EntryPoint = "isatty")]
    public static partial int IsTty(int fd);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlWinSize(int fd, ulong request, ref WinSize size);

    public static (int Columns, int Rows)? WindowSize(int fd)
    {
        var size = default(WinSize);
        return IoctlWinSize(fd, TiocGWinSz, ref size) == 0 && size.Columns > 0 ? (size.Columns, size.Rows) : null;
    }
}
