using System.Buffers;
using System.Text;

namespace Keel.Tools.Shell.Execution;

/// <summary>Copies one pipe into a capture, decoding UTF-8 (invalid bytes become U+FFFD) as it goes.</summary>
internal static class StreamPump
{
    private const int ByteBufferSize = 16 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static async Task PumpAsync(Stream source, OutputCapture capture, ProgressReporter progress, CancellationToken cancellationToken)
    {
        var decoder = Utf8.GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(ByteBufferSize);
        var chars = ArrayPool<char>.Shared.Rent(Utf8.GetMaxCharCount(ByteBufferSize));
        try
        {
            int read;
            while ((read = await source.ReadAsync(bytes.AsMemory(0, ByteBufferSize), cancellationToken)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                if (count > 0)
                {
                    progress.Offer(chars.AsSpan(0, count));
                    await capture.AppendAsync(chars.AsMemory(0, count));
                }
            }

            var rest = decoder.GetChars([], 0, 0, chars, 0, flush: true);
            await capture.AppendAsync(chars.AsMemory(0, rest));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The pipe was abandoned (a process outside our reach kept it open) or closed under us.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
