using System.ComponentModel;
using System.Diagnostics;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// Ends a command and everything it started: SIGTERM to its process group, a short grace period,
/// SIGKILL to the group, and .NET's tree kill as a backstop for processes that left the group.
/// </summary>
internal static class ProcessTreeKiller
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task KillAsync(Process process, int processGroup, TimeSpan grace, TimeProvider time)
    {
        if (processGroup > 0 && NativeMethods.SignalGroup(processGroup, NativeMethods.SigTerm))
        {
            var started = time.GetTimestamp();
            while (ProcessGroupProbe.HasLiveMembers(processGroup) && time.GetElapsedTime(started) < grace)
            {
                await Task.Delay(PollInterval, time);
            }

            NativeMethods.SignalGroup(processGroup, NativeMethods.SigKill);
        }

        KillTree(process);
    }

    /// <summary>Kills what is left of the group after the shell itself exited (background jobs).</summary>
    public static Task KillLeftoversAsync(Process process, int processGroup, TimeSpan grace, TimeProvider time) =>
        processGroup > 0 && ProcessGroupProbe.HasLiveMembers(processGroup)
            ? KillAsync(process, processGroup, grace, time)
            : Task.CompletedTask;

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // Not ours to kill any more (exited and the pid was reaped).
        }
    }
}
