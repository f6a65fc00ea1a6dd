using System.Buffers;

namespace Keel.Anthropic.Sse;

/// <summary>
/// Incremental server-sent-events parser over raw bytes. Chunks may split anywhere, including
/// inside a line ending or a UTF-8 sequence: bytes are only decoded once a whole event is known.
/// Complete lines inside a chunk are parsed in place; a partial line is buffered only until it is
/// known to be a <c>data:</c> line, after which its value goes straight into the event's data
/// (<see cref="SseDataBuffer"/>): a huge event is held once, in segments, and never copied or decoded here.
/// </summary>
public sealed class SseParser : IDisposable
{
    private const int InitialBufferSize = 1024;

    // Larger line buffers are not pooled: the shared pool would keep every doubling step of one huge line alive.
    private const int MaxPooledBytes = 1024 * 1024;

    private readonly SseDataBuffer _data;
    private byte[] _line = [];
    private int _lineLength;
    private bool _hasData;
    private bool _inDataValue;
    private bool _stripSpace;
    private string? _eventName;
    private bool _skipLeadingLineFeed;
    private bool _firstLine = true;

    public SseParser()
        : this(pagedData: false)
    {
    }

    /// <param name="pagedData">
    /// Huge data goes in pages of its own, which each event carries (<see cref="SseEvent.Pages"/>) and its
    /// consumer must dispose.
    /// </param>
    internal SseParser(bool pagedData) => _data = new SseDataBuffer(pagedData);

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
            if (_inDataValue)
            {
                // The rest of a data line whose start came in an earlier chunk.
                var part = end < 0 ? chunk : chunk[..end];
                if (_stripSpace && !part.IsEmpty)
                {
                    _stripSpace = false;
                    if (part[0] == (byte)' ')
                    {
                        part = part[1..];
                    }
                }

                _data.Append(part);
                if (end < 0)
                {
                    return;
                }

                _inDataValue = false;
                _stripSpace = false;
            }
            else if (end < 0)
            {
                AppendTo(ref _line, ref _lineLength, chunk);
                StreamDataLine();
                return;
            }
            else if (_lineLength > 0)
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
        _inDataValue = false;
        _stripSpace = false;
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
        _data.Dispose();
    }

    /// <summary>
    /// A partial line that is already known to be a <c>data:</c> line hands its value over to the data
    /// buffer, and the rest of the line follows it there, so a long line is not staged twice.
    /// </summary>
    private void StreamDataLine()
    {
        var line = _line.AsSpan(0, _lineLength);
        if (_firstLine)
        {
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
            else if ("\uFEFF"u8.StartsWith(line))
            {
                return;
            }
        }

        if (!line.StartsWith("data:"u8))
        {
            return;
        }

        _firstLine = false;
        var value = line[5..];
        BeginData();
        if (value.IsEmpty)
        {
            _stripSpace = true;
        }
        else
        {
            _data.Append(value[0] == (byte)' ' ? value[1..] : value);
        }

        _inDataValue = true;
        _lineLength = 0;
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
            BeginData();
            _data.Append(value);
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventName = EventNames.Get(value);
        }

        // id and retry only matter for reconnecting EventSource clients; a model call never resumes.
    }

    /// <summary>A second data line of one event joins the first with a line feed.</summary>
    private void BeginData()
    {
        if (_hasData)
        {
            _data.Append("\n"u8);
        }

        _hasData = true;
    }

    private void Dispatch(ICollection<SseEvent> events)
    {
        if (_hasData)
        {
            var data = _data.Take(out var pages);
            events.Add(new SseEvent(_eventName, data) { Pages = pages });
        }
        else
        {
            _data.Clear();
        }

        _hasData = false;
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
