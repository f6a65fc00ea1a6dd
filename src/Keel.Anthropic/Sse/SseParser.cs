using System.Buffers;

namespace Keel.Anthropic.Sse;

/// <summary>
/// Incremental server-sent-events parser over raw bytes. Chunks may split anywhere, including
/// inside a line ending or a UTF-8 sequence: bytes are only decoded once a whole event is known.
/// Complete lines inside a chunk are parsed in place; only a trailing partial line is copied.
/// Event data stays UTF-8: a large event takes over the parser's buffer instead of being copied or decoded.
/// </summary>
public sealed class SseParser : IDisposable
{
    private const int InitialBufferSize = 1024;

    // Data at least this large is handed to the event as it is; smaller data is copied so the buffer is reused.
    private const int HandOffBytes = 64 * 1024;

    // Larger buffers are not pooled: the shared pool would keep every doubling step of one huge event alive.
    private const int MaxPooledBytes = 1024 * 1024;

    private byte[] _line = [];
    private int _lineLength;
    private byte[] _data = [];
    private int _dataLength;
    private bool _hasData;
    private string? _eventName;
    private bool _skipLeadingLineFeed;
    private bool _firstLine = true;

    /// <summary>Parses <paramref name="chunk"/> and adds every event it completes to <paramref name="events"/>.</summary>
    public void Feed(ReadOnlySpan<byte> chunk, ICollection<SseEvent> events)
    {
        while (!chunk.IsEmpty)
        {
            if (_skipLeadingLineFeed)
            {
                // The previous chunk ended on \r; a \n here belongs to the same \r\n ending.
                _skipLeadingLineFeed = false;
                if (chunk[0] == (byte)'\n')
                {
                    chunk = chunk[1..];
                    continue;
                }
            }

            var end = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                AppendTo(ref _line, ref _lineLength, chunk);
                return;
            }

            if (_lineLength > 0)
            {
                AppendTo(ref _line, ref _lineLength, chunk[..end]);
                ProcessLine(_line.AsSpan(0, _lineLength), events);
                _lineLength = 0;
            }
            else
            {
                ProcessLine(chunk[..end], events);
            }

            if (chunk[end] == (byte)'\r')
            {
                if (end + 1 == chunk.Length)
                {
                    _skipLeadingLineFeed = true;
                }
                else if (chunk[end + 1] == (byte)'\n')
                {
                    end++;
                }
            }

            chunk = chunk[(end + 1)..];
        }
    }

    /// <summary>
    /// Ends the stream. Unlike the strict SSE rule, a final event without its blank line is
    /// still dispatched: losing the last event of a response to a missing newline helps no one.
    /// </summary>
    public void Complete(ICollection<SseEvent> events)
    {
        if (_lineLength > 0)
        {
            ProcessLine(_line.AsSpan(0, _lineLength), events);
            _lineLength = 0;
        }

        Dispatch(events);
    }

    public void Dispose()
    {
        Return(ref _line);
        Return(ref _data);
    }

    private void ProcessLine(ReadOnlySpan<byte> line, ICollection<SseEvent> events)
    {
        if (_firstLine)
        {
            _firstLine = false;
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        if (line.IsEmpty)
        {
            Dispatch(events);
            return;
        }

        if (line[0] == (byte)':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData)
            {
                AppendTo(ref _data, ref _dataLength, "\n"u8);
            }

            AppendTo(ref _data, ref _dataLength, value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventName = EventNames.Get(value);
        }

        // id and retry only matter for reconnecting EventSource clients; a model call never resumes.
    }

    private void Dispatch(ICollection<SseEvent> events)
    {
        if (_hasData)
        {
            ReadOnlyMemory<byte> data;
            if (_dataLength >= HandOffBytes)
            {
                // The event owns the buffer from here on (the garbage collector frees it); a new one is started.
                data = _data.AsMemory(0, _dataLength);
                _data = [];
            }
            else
            {
                data = _data.AsSpan(0, _dataLength).ToArray();
            }

            events.Add(new SseEvent(_eventName, data));
        }

        _hasData = false;
        _dataLength = 0;
        _eventName = null;
    }

    private static void AppendTo(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var needed = length + bytes.Length;
        if (needed > buffer.Length)
        {
            var size = Math.Max(needed, Math.Max(InitialBufferSize, buffer.Length * 2));
            var grown = size <= MaxPooledBytes ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);
            buffer.AsSpan(0, length).CopyTo(grown);
            Return(ref buffer);
            buffer = grown;
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length = needed;
    }

    private static void Return(ref byte[] buffer)
    {
        if (buffer.Length is > 0 and <= MaxPooledBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = [];
    }
}
