using Quarry.Tracking.Search.Index;

namespace Quarry.Tracking.Tests.Search.Index;

public class TopKTests
{
    // A total order with many ties on the first key, like a metric order ending with a unique tie-breaker.
    static readonly IComparer<long> ByTensThenDescending = Comparer<long>.Create((a, b) =>
        (a / 10).CompareTo(b / 10) is var byTens and not 0 ? byTens : b.CompareTo(a));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(499)]  // the heap
    [InlineData(500)]  // half the items: one sort
    [InlineData(999)]
    [InlineData(1000)]
    [InlineData(5000)] // more than there are
    public void Select_gives_the_first_k_items_of_the_full_sort(long k)
    {
        var random = new Random(11);
        var items = Enumerable.Range(0, 1000).Select(i => i * 97L).OrderBy(_ => random.Next()).ToList();
        var sorted = items.OrderBy(i => i, ByTensThenDescending).ToArray();
        Assert.Equal(sorted.Take((int)Math.Min(k, sorted.Length)), TopK.Select(items, ByTensThenDescending, k));
    }
}
