using System.Runtime.InteropServices;
using System.Text;

namespace Keel.Core.Permissions.Paths;

/// <summary>
/// Asks the kernel what a path is without opening it (opening a FIFO blocks, a device may stream
/// forever). Uses statx(2), whose struct layout is the same on every Linux architecture.
/// </summary>
public static class FileProbe
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private static bool s_unavailable = !OperatingSystem.IsLinux();

    public static FileType Probe(string path)
    {
        if (!s_unavailable)
        {
            try
            {
                var name = new byte[Encoding.UTF8.GetMaxByteCount(path.Length) + 1];
                Encoding.UTF8.GetBytes(path, name);
                var buffer = new byte[StatxSize];
                if (Statx(AtFdCwd, ref name[0], 0, StatxType, ref buffer[0]) != 0)
                {
                    return Marshal.GetLastPInvokeError() is 2 or 20 ? FileType.Missing : FileType.Unknown;
                }

                var mode = BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000;
                return mode switch
                {
                    0x8000 => FileType.Regular,
                    0x4000 => FileType.Directory,
                    0x2000 => FileType.CharacterDevice,
                    0x6000 => FileType.BlockDevice,
                    0x1000 => FileType.Fifo,
                    0xC000 => FileType.Socket,
                    _ => FileType.Unknown,
                };
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                s_unavailable = true;
            }
        }

        // Without statx: what .NET can tell, and everything under /dev is treated as a device.
        if (Directory.Exists(path))
        {
            return FileType.Directory;
        }

        if (!File.Exists(path))
        {
            return FileType.Missing;
        }

        return path.StartsWith("/dev/", StringComparison.Ordinal) ? FileType.CharacterDevice : FileType.Regular;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directoryFd, ref byte path, int flags, uint mask, ref byte buffer);
}
