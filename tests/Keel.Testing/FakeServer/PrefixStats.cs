namespace Keel.Testing.FakeServer;

/// <summary>How much of a request body the next one reuses byte for byte (what prompt caching can reuse).</summary>
public static class PrefixStats
{
    public static int CommonPrefixLength(ReadOnlySpan<byte> earlier, ReadOnlySpan<byte> later) => earlier.CommonPrefixLength(later);

    /// <summary>The longest common prefix as a percentage of the earlier body (100 when it is empty).</summary>
    public static double SharedPercent(ReadOnlySpan<byte> earlier, ReadOnlySpan<byte> later) =>
        earlier.IsEmpty ? 100.0 : 100.0 * earlier.CommonPrefixLength(later) / earlier.Length;

    public static double SharedPercent(RecordedRequest earlier, RecordedRequest later) => SharedPercent(earlier.Body, later.Body);

    /// <summary>One figure per consecutive pair: element i compares request i with request i+1.</summary>
    public static IReadOnlyList<double> Consecutive(IReadOnlyList<RecordedRequest> requests)
    {
        var result = new List<double>(Math.Max(0, requests.Count - 1));
        for (var i = 1; i < requests.Count; i++)
        {
            result.Add(SharedPercent(requests[i - 1], requests[i]));
        }

        return result;
    }
}
