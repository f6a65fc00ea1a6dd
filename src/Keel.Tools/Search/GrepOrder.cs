namespace Keel.Tools.Search;

/// <summary>
/// Puts Grep's hits in output order, doing no more than the page needs: the first few of a large list are picked with a
/// bounded heap instead of sorting every hit, and a whole large list is sorted in two halves at once, then merged.
/// </summary>
internal static class GrepOrder
{
    private const int ParallelFrom = 16_384;

    public static readonly Comparison<GrepHit> ByPath = static (a, b) => string.CompareOrdinal(a.Path, b.Path);

    public static readonly Comparison<GrepHit> NewestFirst = static (a, b) =>
    {
        var byTime = b.Modified.CompareTo(a.Modified);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Path, b.Path);
    };

    /// <summary>The first <paramref name="count"/> hits in <paramref name="order"/> (all of them when there are no more).</summary>
    public static List<GrepHit> First(List<GrepHit> hits, long count, Comparison<GrepHit> order)
    {
        if (count >= hits.Count / 4)
        {
            Sort(hits, order);
            return count >= hits.Count ? hits : hits.GetRange(0, (int)count);
        }

        // A max-heap of the best so far: most hits are rejected after one comparison with its top.
        var comparer = Comparer<GrepHit>.Create((a, b) => order(b, a));
        var heap = new PriorityQueue<GrepHit, GrepHit>((int)count + 1, comparer);
        foreach (var hit in hits)
        {
            if (heap.Count < count)
            {
                heap.Enqueue(hit, hit);
            }
            else if (count > 0 && order(hit, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(hit, hit);
            }
        }

        var first = new List<GrepHit>(heap.Count);
        while (heap.TryDequeue(out var hit, out _))
        {
            first.Add(hit);
        }

        first.Reverse();
        return first;
    }

    /// <summary>Sorts in place.</summary>
    public static void Sort(List<GrepHit> hits, Comparison<GrepHit> order)
    {
        if (hits.Count < ParallelFrom)
        {
            hits.Sort(order);
            return;
        }

        var left = hits.GetRange(0, hits.Count / 2);
        var right = hits.GetRange(left.Count, hits.Count - left.Count);
        Parallel.Invoke(() => left.Sort(order), () => right.Sort(order));
        int l = 0, r = 0, i = 0;
        while (l < left.Count && r < right.Count)
        {
            hits[i++] = order(right[r], left[l]) < 0 ? right[r++] : left[l++];
        }

        while (l < left.Count)
        {
            hits[i++] = left[l++];
        }

        while (r < right.Count)
        {
            hits[i++] = right[r++];
        }
    }
}
