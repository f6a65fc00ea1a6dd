using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Keel.Terminal.Screen;

/// <summary>
/// Raw bytes from file descriptor 0, read on a dedicated thread. The thread polls before each read so it can
/// be paused while a child program ($EDITOR) owns the terminal and must receive the keys itself.
/// </summary>
public sealed partial class TerminalInput : IDisposable
{
    private const short PollIn = 0x001;

    private readonly FileStream _stream = new(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
    private readonly ManualResetEventSlim _running = new(initialState: true);
    private volatile bool _stopped;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>Starts the reader; <paramref name="onBytes"/> gets each chunk, <paramref name="onEnd"/> runs at end of input.</summary>
    public void Start(Action<ReadOnlyMemory<byte>> onBytes, Action onEnd)
    {
        var thread = new Thread(() => ReadLoop(onBytes, onEnd))
        {
            IsBackground = true,
            Name = "keel-input",
        };
        thread.Start();
    }

    public void Pause() => _running.Reset();

    public void Resume() => _running.Set();

    public void Dispose()
    {
        _stopped = true;
        _running.Set();
        _stream.Dispose();
        _running.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    private void ReadLoop(Action<ReadOnlyMemory<byte>> onBytes, Action onEnd)
    {
        var buffer = new byte[4096];
        try
        {
            while (!_stopped)
            {
                _running.Wait();
                var fd = new PollFd { Fd = 0, Events = PollIn };
                var ready = Poll(ref fd, 1, 200);
                if (ready <= 0 || !_running.IsSet || _stopped)
                {
                    continue;
                }

                var read = _stream.Read(buffer);
                if (read <= 0)
                {
                    break;
                }

                onBytes(buffer.AsMemory(0, read).ToArray());
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The terminal went away; treated like end of input.
        }

        if (!_stopped)
        {
            onEnd();
        }
    }
}
