using System.Collections.Concurrent;
using System.Diagnostics;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// Starts processes from one thread that lives as long as Keel. Linux ties a child's parent-death
/// signal (bwrap --die-with-parent) to the thread that forked it, not the process: a child started
/// from a thread-pool thread would be killed when that idle thread retires mid-command.
/// </summary>
internal static class ProcessStarter
{
    private static readonly BlockingCollection<(Process Process, bool Guard, TaskCompletionSource Started)> Requests = CreateQueue();

    /// <param name="guardProcessGroup">The process leads a new process group: put it under
    /// <see cref="ProcessGroupGuard"/> right as it starts, on this thread, so no await delays the registration.</param>
    public static Task StartAsync(Process process, bool guardProcessGroup = false)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((process, guardProcessGroup, started));
        return started.Task;
    }

    private static BlockingCollection<(Process, bool, TaskCompletionSource)> CreateQueue()
    {
        var queue = new BlockingCollection<(Process, bool, TaskCompletionSource)>();
        var thread = new Thread(() => Serve(queue)) { IsBackground = true, Name = "keel-process-starter" };
        thread.Start();
        return queue;
    }

    private static void Serve(BlockingCollection<(Process, bool, TaskCompletionSource)> queue)
    {
        foreach (var (process, guard, started) in queue.GetConsumingEnumerable())
        {
            try
            {
                if (guard)
                {
                    // The watcher is running before the command starts, so registering it is one pipe write.
                    ProcessGroupGuard.EnsureStarted();
                }

                process.Start();
                if (guard)
                {
                    ProcessGroupGuard.Guard(process.Id);
                }

                started.TrySetResult();
            }
            catch (Exception ex)
            {
                started.TrySetException(ex);
            }
        }
    }
}
