using System.Text;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// Copies one pipe into a capture on a dedicated thread, decoding UTF-8 (invalid bytes become U+FFFD).
/// A thread, not async reads: on Unix, async reads of anonymous pipes park a thread-pool thread for the
/// whole command, which starves the pool when commands run long or in parallel.
/// </summary>
internal static class StreamPump
{
    private const int ByteBufferSize = 16 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Starts pumping; the task completes at end of stream (it is never faulted).</summary>
    public static Task Start(Stream source, OutputCapture capture, ProgressReporter progress, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Pump(source, capture, progress);
            done.TrySetResult();
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private static void Pump(Stream source, OutputCapture capture, ProgressReporter progress)
    {
        var decoder = Utf8.GetDecoder();
        var bytes = new byte[ByteBufferSize];
        var chars = new char[Utf8.GetMaxCharCount(ByteBufferSize)];
        try
        {
            int read;
            while ((read = source.Read(bytes, 0, bytes.Length)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                if (count > 0)
                {
                    progress.Offer(chars.AsSpan(0, count));
                    capture.Append(chars.AsSpan(0, count));
                }
            }

            var rest = decoder.GetChars([], 0, 0, chars, 0, flush: true);
            capture.Append(chars.AsSpan(0, rest));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe was closed under us after the command was abandoned.
        }
    }
}
