using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// Makes Bash process groups die with Keel, even when Keel itself is killed with SIGKILL and runs no
/// cleanup. A small watcher shell is started once, in its own session; Keel writes <c>+pgid</c> when a
/// command's group starts and <c>-pgid</c> when it is done. The watcher's stdin is a pipe whose only
/// writer is Keel (the descriptor is close-on-exec, so no other child inherits it): when Keel dies for
/// any reason the kernel closes it, the watcher reads end-of-file and SIGKILLs every group still listed.
/// </summary>
/// <remarks>
/// A parent-death signal would only reach the shell itself, not the commands it started, and it fires
/// when the forking thread exits rather than the process; the pipe has neither problem.
/// </remarks>
internal static class ProcessGroupGuard
{
    // Lets go of Keel's stdout and stderr (a reader waiting for their end must not wait for the watcher),
    // ignores the terminal's signals (Ctrl+C reaches Keel's foreground group, which the watcher left), and
    // keeps the list in a string so no command is spawned per update. (dash's kill takes no "--".)
    private const string WatcherScript = """
        exec >/dev/null 2>&1
        trap '' INT QUIT HUP TERM PIPE
        groups=' '
        while IFS= read -r line; do
          case "$line" in
            +*) groups="$groups${line#+} " ;;
            -*) g=${line#-}
                case "$groups" in
                  *" $g "*) groups="${groups%%" $g "*} ${groups#*" $g "}" ;;
                esac ;;
          esac
        done
        for g in $groups; do kill -KILL "-$g"; done
        """;

    private static readonly Lock Gate = new();
    private static Process? _watcher;
    private static bool _unavailable;

    /// <summary>Starts the watcher now if it is not running (so a later <see cref="Guard"/> is only a pipe write).</summary>
    public static void EnsureStarted()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        lock (Gate)
        {
            Watcher();
        }
    }

    /// <summary>Puts <paramref name="processGroup"/> under the guard until <see cref="Release"/>.</summary>
    public static void Guard(int processGroup) => Send('+', processGroup);

    /// <summary>The group is finished (or was killed by Keel); the watcher forgets it.</summary>
    public static void Release(int processGroup) => Send('-', processGroup);

    /// <summary>The watcher's pid while it runs, for tests.</summary>
    internal static int? WatcherPid
    {
        get
        {
            lock (Gate)
            {
                return _watcher is { HasExited: false } w ? w.Id : null;
            }
        }
    }

    private static void Send(char operation, int processGroup)
    {
        if (processGroup <= 0 || OperatingSystem.IsWindows())
        {
            return;
        }

        lock (Gate)
        {
            if (Watcher() is not { } watcher)
            {
                return;
            }

            try
            {
                watcher.StandardInput.Write(operation + processGroup.ToString(CultureInfo.InvariantCulture) + "\n");
                watcher.StandardInput.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The watcher died (someone killed it): start a new one next time; this group goes unguarded.
                _watcher = null;
            }
        }
    }

    private static Process? Watcher()
    {
        if (_watcher is { HasExited: false } running)
        {
            return running;
        }

        if (_unavailable)
        {
            return null;
        }

        var setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : File.Exists("/bin/setsid") ? "/bin/setsid" : null;
        var info = new ProcessStartInfo(setsid ?? "/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            WorkingDirectory = "/",
        };
        if (setsid is not null)
        {
            info.ArgumentList.Add("/bin/sh");
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(WatcherScript);
        try
        {
            _watcher = Process.Start(info);
            return _watcher;
        }
        catch (Win32Exception)
        {
            _unavailable = true;
            return null;
        }
    }
}
