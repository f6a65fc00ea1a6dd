using Keel.Tools.Search;

namespace Keel.Tests.Tools.Search;

public sealed class GrepOrderTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(50, 3)]
    [InlineData(1000, 10)]
    [InlineData(1000, 251)]
    [InlineData(1000, 999)]
    [InlineData(1000, 5000)]
    [InlineData(40_000, 251)]
    [InlineData(40_000, 40_000)]
    public void First_gives_the_same_hits_as_a_full_sort_cut_to_the_page(int hits, int count)
    {
        var random = new Random(hits + count);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        // Few distinct times, so ties are broken by path.
        var list = Enumerable.Range(0, hits)
            .Select(i => new GrepHit($"/r/d{random.Next(50)}/f{i}.cs", 1, start.AddMinutes(random.Next(20))))
            .ToList();
        foreach (var order in new[] { GrepOrder.ByPath, GrepOrder.NewestFirst })
        {
            var expected = list.ToList();
            expected.Sort(order);

            var first = GrepOrder.First(list.ToList(), count, order);

            first.Select(static h => h.Path).ShouldBe(expected.Take(count).Select(static h => h.Path));
        }
    }
}
