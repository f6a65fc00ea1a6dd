using System.Diagnostics;
using Keel.Core.Diagnostics;
using Keel.Tools.Shell.Launching;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// Starts a prepared launch, pumps stdout and stderr concurrently, and ends the whole process tree on
/// timeout, cancellation, or when background jobs outlive the shell.
/// </summary>
internal static class ShellRunner
{
    // How long to keep reading after the tree is gone: pipe buffers drain in microseconds; only a process
    // that escaped the group (its own setsid) can hold a pipe open longer, and we do not wait for it.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    /// <exception cref="System.ComponentModel.Win32Exception">The executable could not be started.</exception>
    public static async Task<ShellExit> RunAsync(
        ShellLaunch launch,
        OutputCapture stdout,
        OutputCapture stderr,
        ProgressReporter progress,
        TimeSpan timeout,
        TimeSpan killGrace,
        TimeProvider time,
        CancellationToken cancellationToken,
        ShellDetach? detach = null)
    {
        var process = new Process { StartInfo = CreateStartInfo(launch) };
        try
        {
            return await RunStartedAsync(process, launch, stdout, stderr, progress, timeout, killGrace, time, detach, cancellationToken);
        }
        finally
        {
            if (!(detach?.Adopted ?? false))
            {
                process.Dispose();
            }
        }
    }

    private static async Task<ShellExit> RunStartedAsync(
        Process process,
        ShellLaunch launch,
        OutputCapture stdout,
        OutputCapture stderr,
        ProgressReporter progress,
        TimeSpan timeout,
        TimeSpan killGrace,
        TimeProvider time,
        ShellDetach? detach,
        CancellationToken cancellationToken)
    {
        // Should Keel be killed outright while this runs, the group is killed with it (registered as it starts).
        PhaseTrace.Mark("bash: starting the process");
        await ProcessStarter.StartAsync(process, guardProcessGroup: launch.OwnsProcessGroup);
        PhaseTrace.Mark("bash: process started (exec done)");
        var processGroup = launch.OwnsProcessGroup ? process.Id : 0;

        // Closed at once: a command that reads stdin sees end-of-file instead of waiting for a terminal.
        process.StandardInput.Close();

        var pumps = Task.WhenAll(
            StreamPump.Start(process.StandardOutput.BaseStream, stdout, progress, "keel-bash-stdout"),
            StreamPump.Start(process.StandardError.BaseStream, stderr, progress, "keel-bash-stderr"));

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        var detachToken = detach?.Token ?? CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token, detachToken);
        var interrupted = false;
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token);
            PhaseTrace.Mark("bash: process exited");
        }
        catch (OperationCanceledException)
        {
            interrupted = cancellationToken.IsCancellationRequested;
            if (!interrupted && detachToken.IsCancellationRequested && !process.HasExited)
            {
                // Moved to the background: the process, its group and the pipes now belong to a background task.
                progress.Stop();
                detach!.Adopt(process, processGroup, pumps);
                return new ShellExit(null, TimedOut: false, Interrupted: false, Detached: true);
            }

            timedOut = !interrupted && !detachToken.IsCancellationRequested;
        }

        if (!interrupted && !timedOut && detachToken.IsCancellationRequested)
        {
            // The request came as the command ended: it simply finished in the foreground.
            await process.WaitForExitAsync(CancellationToken.None);
        }

        if (interrupted || timedOut)
        {
            await ProcessTreeKiller.KillAsync(process, processGroup, killGrace, time);
        }
        else
        {
            // Background jobs (`cmd &`) do not outlive the call: they would hold our pipes and become orphans.
            await ProcessTreeKiller.KillLeftoversAsync(process, processGroup, killGrace, time);
        }

        try
        {
            await pumps.WaitAsync(DrainTimeout, time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Abandoned: the pump threads end when the last writer closes the pipe; the captures drop late chunks.
        }

        PhaseTrace.Mark("bash: output read");
        ProcessGroupGuard.Release(processGroup);
        progress.Stop();
        var exit = new ShellExit(await ExitCodeAsync(process, time), timedOut, interrupted);

        // Process.Dispose leaves redirected pipes to the garbage collector; close ours now the command is over.
        process.StandardOutput.Dispose();
        process.StandardError.Dispose();
        return exit;
    }

    internal static ProcessStartInfo CreateStartInfo(ShellLaunch launch)
    {
        var info = new ProcessStartInfo(launch.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = launch.WorkingDirectory,
        };
        foreach (var argument in launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in launch.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    private static async Task<int?> ExitCodeAsync(Process process, TimeProvider time)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(DrainTimeout, time);
            return process.ExitCode;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }
}
