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
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Requests = CreateQueue();

    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((process, started));
        return started.Task;
    }

    private static BlockingCollection<(Process, TaskCompletionSource)> CreateQueue()
    {
        var queue = new BlockingCollection<(Process, TaskCompletionSource)>();
        var thread = new Thread(() => Serve(queue)) { IsBackground = true, Name = "keel-process-starter" };
        thread.Start();
        return queue;
    }

    private static void Serve(BlockingCollection<(Process, TaskCompletionSource)> queue)
    {
        foreach (var (process, started) in queue.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.TrySetResult();
            }
            catch (Exception ex)
            {
                started.TrySetException(ex);
            }
        }
    }
}
