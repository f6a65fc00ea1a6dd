using System.Runtime.InteropServices;
using Keel.Tools.Search;

namespace Keel.Tools.Files;

/// <summary>
/// Files whose size says nothing about their content: the kernel's <c>/proc</c> and <c>/sys</c>
/// entries (they report 0 or 4096 bytes, some stream forever or block until an event), devices,
/// and anything else that reports zero bytes. They are read with <c>O_NONBLOCK</c> on a thread of
/// their own, at most <see cref="MaxBytes"/> bytes and <see cref="MaxTime"/>, and a few that block
/// or consume what they return are never opened.
/// </summary>
internal static class PseudoFiles
{
    public const int MaxBytes = 1024 * 1024;

    private const int WouldBlock = 11;

    public static TimeSpan MaxTime { get; } = TimeSpan.FromSeconds(2);

    /// <summary>True when the file must be read through <see cref="ReadBounded"/> rather than streamed.</summary>
    public static bool IsPseudo(string resolved, long reportedLength) =>
        reportedLength == 0 || IsKernelPath(resolved) || resolved.StartsWith("/dev/", StringComparison.Ordinal);

    /// <summary>Why Read never opens this file, or null. <paramref name="resolved"/> has every symlink followed.</summary>
    public static string? Refusal(string resolved)
    {
        if (!IsKernelPath(resolved))
        {
            return null;
        }

        return Path.GetFileName(resolved) switch
        {
            "kmsg" => "the kernel's log stream: reading it waits for new messages and takes them from other readers",
            "trace_pipe" or "trace_pipe_raw" => "a kernel trace stream: reading it waits for events and consumes them",
            "kcore" or "mem" or "pagemap" or "environ" => "process or kernel memory",
            "sysrq-trigger" or "clear_refs" => "a kernel control file that is written, not read",
            _ => null,
        };
    }

    /// <summary>
    /// At most <paramref name="maxBytes"/> bytes of the file (plus whether more followed), or an error when
    /// it would block, fails, or does not answer within <paramref name="limit"/>. A read that never returns
    /// is abandoned on its own thread.
    /// </summary>
    public static BoundedBytes ReadBounded(string path, int maxBytes, TimeSpan limit, CancellationToken cancellationToken)
    {
        var read = Task.Factory.StartNew(
            () => ReadCore(path, maxBytes),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            return read.Wait(limit, cancellationToken)
                ? read.Result
                : new BoundedBytes(null, false, $"reading it gave nothing within {limit.TotalSeconds:0.#} s (it blocks, like a stream or a pipe)");
        }
        catch (AggregateException ex) when (ex.InnerException is IOException or UnauthorizedAccessException)
        {
            return new BoundedBytes(null, false, ex.InnerException.Message);
        }
    }

    private static bool IsKernelPath(string path) =>
        path.StartsWith("/proc/", StringComparison.Ordinal) || path.StartsWith("/sys/", StringComparison.Ordinal);

    private static BoundedBytes ReadCore(string path, int maxBytes)
    {
        using var handle = Open(path, out var openError);
        if (handle is null)
        {
            return new BoundedBytes(null, false, openError);
        }

        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        var total = 0;
        while (total <= maxBytes)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
            }

            int count;
            try
            {
                count = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            }
            catch (IOException ex) when (ex.HResult == WouldBlock)
            {
                // Nothing more without waiting: what came so far is the answer (or, with nothing, a refusal).
                if (total == 0)
                {
                    return new BoundedBytes(null, false, "reading it would block until the kernel has something to say");
                }

                break;
            }

            if (count == 0)
            {
                break;
            }

            total += count;
        }

        var truncated = total > maxBytes;
        return new BoundedBytes(buffer.AsSpan(0, Math.Min(total, maxBytes)).ToArray(), truncated, null);
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle? Open(string path, out string? error)
    {
        error = null;
        if (NonBlockingOpen.IsAvailable)
        {
            var handle = NonBlockingOpen.TryOpen(path);
            if (handle is null && NonBlockingOpen.IsAvailable)
            {
                var errno = Marshal.GetLastPInvokeError();
                error = errno == 13 || errno == 1 ? "permission denied" : $"it could not be opened (errno {errno})";
            }

            if (handle is not null || NonBlockingOpen.IsAvailable)
            {
                return handle;
            }
        }

        return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }
}
