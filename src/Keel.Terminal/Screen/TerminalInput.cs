using Microsoft.Win32.SafeHandles;

namespace Keel.Terminal.Screen;

/// <summary>Raw bytes from file descriptor 0, read on a dedicated thread (a blocking tty read cannot be cancelled).</summary>
public sealed class TerminalInput : IDisposable
{
    private readonly FileStream _stream = new(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);

    /// <summary>Starts the reader; <paramref name="onBytes"/> gets each chunk, <paramref name="onEnd"/> runs at end of input.</summary>
    public void Start(Action<ReadOnlyMemory<byte>> onBytes, Action onEnd)
    {
        var thread = new Thread(() =>
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = _stream.Read(buffer)) > 0)
                {
                    onBytes(buffer.AsMemory(0, read).ToArray());
                }
            }
            catch (IOException)
            {
                // The terminal went away; treated like end of input.
            }

            onEnd();
        })
        {
            IsBackground = true,
            Name = "keel-input",
        };
        thread.Start();
    }

    public void Dispose() => _stream.Dispose();
}
