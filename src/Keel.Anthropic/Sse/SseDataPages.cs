using System.Buffers;

namespace Keel.Anthropic.Sse;

/// <summary>
/// The pages holding one huge event's data (<see cref="SseParser"/> with paged data). Whoever maps the event
/// disposes them once it is mapped, and may give back the part already decoded before that
/// (<see cref="DiscardBefore"/>), so a huge delta's bytes and the string they become are not both held whole.
/// </summary>
internal sealed class SseDataPages(IReadOnlyList<(object Segment, PagedSegmentMemory Memory)> segments) : IDisposable
{
    private int _discarded;

    /// <summary>Discards every segment that ends before the one <paramref name="position"/> is in; the data must not be read there again.</summary>
    public void DiscardBefore(SequencePosition position)
    {
        var current = position.GetObject();
        var index = _discarded;
        while (index < segments.Count && !ReferenceEquals(segments[index].Segment, current) && !ReferenceEquals(segments[index].Memory, current))
        {
            index++;
        }

        // A position outside these pages discards nothing.
        if (index == segments.Count)
        {
            return;
        }

        for (; _discarded < index; _discarded++)
        {
            segments[_discarded].Memory.Discard();
        }
    }

    public void Dispose()
    {
        foreach (var (_, memory) in segments)
        {
            ((IDisposable)memory).Dispose();
        }
    }
}
