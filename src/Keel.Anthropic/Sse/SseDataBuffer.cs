using System.Buffers;

namespace Keel.Anthropic.Sse;

/// <summary>
/// The data of the event being parsed. Small data lives in one reused pooled buffer and is copied out when
/// the event is dispatched. Data that outgrows it moves to a chain of segments that grow without ever
/// copying what they already hold (no doubling, no garbage), and the chain is handed to the event whole.
/// With <c>paged</c> data the segments are pages of their own (<see cref="SseDataPages"/>), which the event's
/// reader can give back as it decodes them.
/// </summary>
internal sealed class SseDataBuffer(bool paged = false) : IDisposable
{
    private const int SmallBytes = 64 * 1024;
    private const int FirstSegmentBytes = 128 * 1024;
    private const int MaxSegmentBytes = 8 * 1024 * 1024;

    // Paged segments are all this size: small enough that giving back the decoded ones keeps little alive,
    // large enough that a 10 MiB event is a handful of mappings. Untouched pages of the last one cost nothing.
    private const int PagedSegmentBytes = 1024 * 1024;

    private readonly bool _paged = paged && NativePages.Supported;
    private byte[] _small = [];
    private int _smallLength;
    private Segment? _first;
    private Segment? _last;
    private int _lastLength;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_first is null)
        {
            var needed = _smallLength + bytes.Length;
            if (needed <= SmallBytes)
            {
                if (needed > _small.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent(Math.Min(SmallBytes, Math.Max(needed, Math.Max(1024, _small.Length * 2))));
                    _small.AsSpan(0, _smallLength).CopyTo(grown);
                    ReturnSmall();
                    _small = grown;
                }

                bytes.CopyTo(_small.AsSpan(_smallLength));
                _smallLength = needed;
                return;
            }

            _first = _last = NewSegment(FirstSegmentBytes, runningIndex: 0);
            _small.AsSpan(0, _smallLength).CopyTo(_first.Storage.Span);
            _lastLength = _smallLength;
            _smallLength = 0;
        }

        while (!bytes.IsEmpty)
        {
            var free = _last!.Storage.Length - _lastLength;
            if (free == 0)
            {
                // Each new segment is as large as all before it (capped): few segments, and at most the
                // untouched tail of the last one is spare.
                var total = _last.RunningIndex + _lastLength;
                var next = NewSegment((int)Math.Min(MaxSegmentBytes, Math.Max(FirstSegmentBytes, total)), total);
                _last.Link(next);
                _last = next;
                _lastLength = 0;
                continue;
            }

            var count = Math.Min(free, bytes.Length);
            bytes[..count].CopyTo(_last.Storage.Span[_lastLength..]);
            _lastLength += count;
            bytes = bytes[count..];
        }
    }

    /// <summary>
    /// The data so far, owned by the caller from now on; the buffer starts over empty. <paramref name="pages"/>
    /// is set when the data is in pages of its own, which the caller must dispose once it is done with the data.
    /// </summary>
    public ReadOnlySequence<byte> Take(out SseDataPages? pages)
    {
        pages = null;
        if (_first is null)
        {
            var copy = _small.AsSpan(0, _smallLength).ToArray();
            _smallLength = 0;
            return new ReadOnlySequence<byte>(copy);
        }

        _last!.Seal(_lastLength);
        var sequence = ReferenceEquals(_first, _last)
            ? new ReadOnlySequence<byte>(_first.Memory)
            : new ReadOnlySequence<byte>(_first, 0, _last, _lastLength);
        pages = Pages();
        _first = _last = null;
        _lastLength = 0;
        return sequence;
    }

    public void Clear()
    {
        Pages()?.Dispose();
        _smallLength = 0;
        _first = _last = null;
        _lastLength = 0;
    }

    public void Dispose()
    {
        ReturnSmall();
        Clear();
    }

    private Segment NewSegment(int size, long runningIndex) => _paged && PagedSegmentMemory.TryCreate(PagedSegmentBytes) is { } pages
        ? new Segment(pages, runningIndex)
        : new Segment(GC.AllocateUninitializedArray<byte>(size), runningIndex);

    private SseDataPages? Pages()
    {
        if (!_paged || _first is null)
        {
            return null;
        }

        // A segment that could not be mapped is a managed array: not listed, never discarded.
        var segments = new List<(object, PagedSegmentMemory)>();
        for (var segment = _first; segment is not null; segment = (Segment?)segment.Next)
        {
            if (segment.Pages is { } pages)
            {
                segments.Add((segment, pages));
            }
        }

        return new SseDataPages(segments);
    }

    private void ReturnSmall()
    {
        if (_small.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_small);
        }

        _small = [];
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] array, long runningIndex)
        {
            Storage = array;
            RunningIndex = runningIndex;
            Memory = array;
        }

        public Segment(PagedSegmentMemory pages, long runningIndex)
        {
            Pages = pages;
            Storage = pages.Memory;
            RunningIndex = runningIndex;
            Memory = Storage;
        }

        /// <summary>All the segment can hold; <see cref="ReadOnlySequenceSegment{T}.Memory"/> is what it holds once sealed.</summary>
        public Memory<byte> Storage { get; }

        public PagedSegmentMemory? Pages { get; }

        /// <summary>A segment that is followed by another is full; only the last one is cut to what it holds.</summary>
        public void Link(Segment next) => Next = next;

        public void Seal(int length) => Memory = Storage[..length];
    }
}
