using System.Buffers;

namespace Keel.Anthropic.Sse;

/// <summary>One segment of a huge event's data, in pages of its own (<see cref="NativePages"/>).</summary>
internal sealed unsafe class PagedSegmentMemory : MemoryManager<byte>
{
    private readonly int _length;
    private nint _address;

    private PagedSegmentMemory(nint address, int length)
    {
        _address = address;
        _length = length;
    }

    /// <summary>Null when the pages cannot be mapped (the caller uses a managed array instead).</summary>
    public static PagedSegmentMemory? TryCreate(int length) => NativePages.TryMap(length) is var address and not 0 ? new PagedSegmentMemory(address, length) : null;

    public override Span<byte> GetSpan() =>
        _address == 0 ? throw new ObjectDisposedException(nameof(PagedSegmentMemory)) : new Span<byte>((void*)_address, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new((byte*)_address + elementIndex);

    public override void Unpin()
    {
    }

    /// <summary>Gives the memory back while keeping it mapped: what is read afterwards is zeros.</summary>
    public void Discard()
    {
        if (_address != 0)
        {
            NativePages.Discard(_address, _length);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_address != 0)
        {
            NativePages.Unmap(_address, _length);
            _address = 0;
        }
    }
}
