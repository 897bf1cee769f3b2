namespace Quarry.Tracking.Tests.Support;

/// <summary>Walks a paged search to its end.</summary>
internal static class Paging
{
    /// <summary>Follows next-page tokens to the end, checking every page but the last is full; the items of all pages in order.</summary>
    public static async Task<List<string>> AllPages(Func<string?, Task<(IEnumerable<string> Items, string? Next)>> page, int size)
    {
        var all = new List<string>();
        string? token = null;
        for (int guard = 0; guard < 10_000; guard++)
        {
            var (items, next) = await page(token);
            var list = items.ToList();
            all.AddRange(list);
            if (next is null) { Assert.True(list.Count <= size); return all; }
            Assert.Equal(size, list.Count);
            token = next;
        }
        throw new InvalidOperationException("paging did not terminate");
    }
}
