namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// Serialises writes to stdout: turn output and control messages come from different threads, and
/// every JSON line is written with one call or under <see cref="LineGate"/>, so lines never interleave.
/// </summary>
public sealed class LockedStream(Stream inner) : Stream
{
    private readonly Lock _gate = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            inner.Write(buffer);
            inner.Flush();
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Holds the stream for a line written in several pieces (a long string sent on as it is encoded): taken
    /// around the whole line, nothing else is written in between (the lock is reentrant).
    /// </summary>
    public Lock LineGate => _gate;

    public override void Flush()
    {
        lock (_gate)
        {
            inner.Flush();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
