using System.Diagnostics;
using Quarry.Tracking;
using Quarry.Tracking.Search.Index;
using Quarry.Tracking.Storage;

namespace Quarry.Benchmarks.Tracking;

/// <summary>
/// The runs search index against SQL on the tracking benchmark's seeded experiment (100,000 runs): the index's build
/// time and managed memory, then the process CPU and wall time per search with one client calling the store directly
/// (after a warm-up, as JIT tiering inflates short runs), for the SearchRuns case of the server benchmark.
/// </summary>
internal sealed class SearchIndexBenchmark(TextWriter output)
{
    const string Filter = "metrics.m0 > 0.9 and params.p0 = 'a'";
    static readonly string[] Order = ["metrics.m1 DESC"];

    public int Runs { get; init; } = 100_000;
    public int Searches { get; init; } = 2000;
    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "postgresql"];

    public async Task RunAsync()
    {
        foreach (var kind in Stores)
        {
            output.WriteLine($"## {kind}");
            await SeededStore.MeasureAsync(kind, $"tracking-{Runs}", location => TrackingSeed.EnsureAsync(location, Runs, output), MeasureAsync).ConfigureAwait(false);
        }
    }

    async Task MeasureAsync(string location, string dir, TrackingSeed.Dataset dataset)
    {
        using var indexed = SqlTrackingStore.Open(location);
        using var sql = SqlTrackingStore.Open(location, RunSearchIndexOptions.Disabled);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        await indexed.WarmSearchIndexAsync(dataset.ExperimentId).ConfigureAwait(false);
        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var first = await SearchAsync(indexed, dataset).ConfigureAwait(false);
        output.WriteLine($"index build: {watch.Elapsed.TotalMilliseconds:F0} ms, {(after - before) / 1e6:F1} MB managed memory, {first} runs returned");
        var expected = await SearchAsync(sql, dataset).ConfigureAwait(false);
        if (expected != first) throw new InvalidOperationException($"index returned {first} runs, SQL {expected}");
        await MeasureAsync("index", indexed, dataset, Searches).ConfigureAwait(false);
        await MeasureAsync("index, max_results 1 (the page's loading left out)", indexed, dataset, Searches, maxResults: 1).ConfigureAwait(false);
        await MeasureAsync("SQL", sql, dataset, Math.Max(20, Searches / 20)).ConfigureAwait(false);
    }

    async Task MeasureAsync(string name, SqlTrackingStore store, TrackingSeed.Dataset dataset, int searches, int maxResults = 100)
    {
        for (int i = 0; i < Math.Max(10, searches / 5); i++) await SearchAsync(store, dataset, maxResults).ConfigureAwait(false);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < searches; i++) await SearchAsync(store, dataset, maxResults).ConfigureAwait(false);
        watch.Stop();
        process.Refresh();
        double cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds / searches;
        output.WriteLine($"{name}: {cpuMs:F2} ms CPU (this process) and {watch.Elapsed.TotalMilliseconds / searches:F2} ms wall per search, {searches} searches");
    }

    static async Task<int> SearchAsync(SqlTrackingStore store, TrackingSeed.Dataset dataset, int maxResults = 100) =>
        (await store.SearchRunsAsync([dataset.ExperimentId], Filter, ViewType.ActiveOnly, maxResults, Order, null).ConfigureAwait(false)).Runs.Count;
}
