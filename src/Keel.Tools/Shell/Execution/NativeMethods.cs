using System.Runtime.InteropServices;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// The two libc calls .NET has no API for: signalling a process group. Blittable signatures only,
/// so the stubs need no runtime marshalling (trim- and AOT-clean).
/// </summary>
internal static class NativeMethods
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to every process in group <paramref name="pgid"/>; false when the group is gone.</summary>
    public static bool SignalGroup(int pgid, int signal) =>
        pgid > 1 && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Kill(-pgid, signal) == 0;

    /// <summary>True while any process (zombies included) is still in the group.</summary>
    public static bool GroupExists(int pgid) => SignalGroup(pgid, 0);
}
