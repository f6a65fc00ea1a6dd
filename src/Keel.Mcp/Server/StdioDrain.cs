using System.Text.Json;

namespace Keel.Mcp.Server;

/// <summary>
/// Keeps <c>keel mcp serve</c> answering when the client closes stdin right after its last request (a script piping
/// requests in): the input stream reports its end only once every request read has been answered on stdout, so
/// the transport does not shut down with answers still due. Requests are JSON-RPC messages with a method and an
/// id; answers are messages with an id and a result or error.
/// </summary>
internal sealed class StdioDrain
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StdioDrain() => _drained.TrySetResult();

    public Stream Input(Stream stdin) => new LineTap(stdin, this, reading: true);

    public Stream Output(Stream stdout) => new LineTap(stdout, this, reading: false);

    /// <summary>Completes once no request read so far is waiting for its answer.</summary>
    public Task Drained
    {
        get
        {
            lock (_gate)
            {
                return _drained.Task;
            }
        }
    }

    private void Observe(ReadOnlySpan<byte> line, bool reading)
    {
        string? id;
        bool isRequest;
        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var idElement) || idElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return;
            }

            id = idElement.GetRawText();
            isRequest = root.TryGetProperty("method", out _);
        }
        catch (JsonException)
        {
            return;
        }

        lock (_gate)
        {
            if (reading && isRequest)
            {
                if (_open.Add(id) && _open.Count == 1)
                {
                    _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            else if (!reading && !isRequest && _open.Remove(id) && _open.Count == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>A pass-through stream that hands each complete line to the drain; the input side holds back its end.</summary>
    private sealed class LineTap(Stream inner, StdioDrain drain, bool reading) : Stream
    {
        private readonly MemoryStream _partial = new();

        public override bool CanRead => reading;

        public override bool CanSeek => false;

        public override bool CanWrite => !reading;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                Split(ReadOnlySpan<byte>.Empty, final: true);
                await drain.Drained.WaitAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }

            Split(buffer.Span[..read], final: false);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Split(buffer.AsSpan(offset, count), final: false);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Split(buffer.Span, final: false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Split(ReadOnlySpan<byte> data, bool final)
        {
            lock (_partial)
            {
                while (data.IndexOf((byte)'\n') is var newline and >= 0)
                {
                    _partial.Write(data[..newline]);
                    drain.Observe(_partial.GetBuffer().AsSpan(0, (int)_partial.Length), reading);
                    _partial.SetLength(0);
                    data = data[(newline + 1)..];
                }

                _partial.Write(data);
                if (final && _partial.Length > 0)
                {
                    drain.Observe(_partial.GetBuffer().AsSpan(0, (int)_partial.Length), reading);
                    _partial.SetLength(0);
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _partial.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
