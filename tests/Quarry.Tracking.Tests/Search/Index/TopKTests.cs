using Quarry.Tracking.Search.Index;

namespace Quarry.Tracking.Tests.Search.Index;

public class TopKTests
{
    // A total order with many ties on the first key, like a metric order ending with a unique tie-breaker.
    static readonly IComparer<long> ByTensThenDescending = Comparer<long>.Create((a, b) =>
        (a / 10).CompareTo(b / 10) is var byTens and not 0 ? byTens : b.CompareTo(a));

    static List<long> Shuffled(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => i * 97L).OrderBy(_ => random.Next())];
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(0, 7)]
    [InlineData(0, 249)]    // the heap
    [InlineData(0, 250)]    // a quarter of the items: selection
    [InlineData(100, 100)]
    [InlineData(500, 100)]
    [InlineData(990, 100)]  // runs past the end
    [InlineData(999, 1)]
    [InlineData(1000, 10)]  // starts past the end
    [InlineData(0, 5000)]   // more than there are
    public void Page_gives_the_items_of_the_full_sort_at_its_positions(long offset, long take)
    {
        var items = Shuffled(1000, 11);
        var sorted = items.OrderBy(i => i, ByTensThenDescending).ToArray();
        var expected = sorted.Skip((int)Math.Min(offset, sorted.Length)).Take((int)Math.Min(take, sorted.Length));
        Assert.Equal(expected, TopK.Page(items, ByTensThenDescending, offset, take));
    }

    [Fact]
    public void Every_page_of_random_lists_matches_the_full_sort()
    {
        var random = new Random(5);
        for (int round = 0; round < 300; round++)
        {
            int count = random.Next(0, 400);
            // Few distinct first keys: long runs of ties that only the tie-breaker orders.
            var items = Enumerable.Range(0, count).Select(i => (long)random.Next(0, 60) * 1000 + i).ToList();
            var sorted = items.OrderBy(i => i, ByTensThenDescending).ToArray();
            int offset = random.Next(0, count + 2), take = random.Next(1, count + 2);
            Assert.Equal(sorted.Skip(offset).Take(take), TopK.Page(items, ByTensThenDescending, offset, take));
        }
    }
}
