using System.Globalization;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// Tells whether a process group still has running members. Zombies do not count: an orphan that
/// already exited lingers until its new parent reaps it, which some init processes (and containers
/// without one) do late or never, and waiting for that would stall every kill for the full grace period.
/// </summary>
internal static class ProcessGroupProbe
{
    public static bool HasLiveMembers(int pgid)
    {
        if (!NativeMethods.GroupExists(pgid))
        {
            return false;
        }

        return !OperatingSystem.IsLinux() || ScanProc(pgid);
    }

    private static bool ScanProc(int pgid)
    {
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(directory.AsSpan());
                if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
                {
                    continue;
                }

                if (IsLiveMember(Path.Combine(directory, "stat"), pgid))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses.
    private static bool IsLiveMember(string statPath, int pgid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(statPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var rest = stat.AsSpan(stat.LastIndexOf(')') + 1).TrimStart();
        if (rest.Length == 0 || rest[0] is 'Z' or 'X')
        {
            return false;
        }

        Span<Range> fields = stackalloc Range[4];
        var count = rest.Split(fields, ' ');
        return count >= 3
            && int.TryParse(rest[fields[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var group)
            && group == pgid;
    }
}
