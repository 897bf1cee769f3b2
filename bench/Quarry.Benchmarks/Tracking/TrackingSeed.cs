using System.Diagnostics;
using Quarry.Tracking;
using Quarry.Tracking.Storage;

namespace Quarry.Benchmarks.Tracking;

/// <summary>
/// The benchmark's dataset: an experiment of <c>runs</c> runs, each with 5 params, 10 metrics and 5 tags (values drawn
/// from a fixed seed), and one run holding a 100,000-point metric history. Written through the store itself.
/// </summary>
internal static class TrackingSeed
{
    public const string ExperimentName = "bench-search", HistoryKey = "curve";
    public const int HistoryPoints = 100_000;
    static readonly string[] Symbols = ["SPY", "QQQ", "IWM", "TLT", "GLD"];

    public sealed record Dataset(string ExperimentId, string HistoryRunId, int Runs);

    /// <summary><see cref="EnsureAsync(ITrackingStore, int, TextWriter)"/> on the SQL store at <paramref name="location"/>.</summary>
    public static async Task<Dataset> EnsureAsync(string location, int runs, TextWriter log)
    {
        using var store = SqlTrackingStore.Open(location);
        return await EnsureAsync(store, runs, log).ConfigureAwait(false);
    }

    /// <summary>Seeds the store unless it already holds the dataset (a cached SQLite file), and returns its ids.</summary>
    public static async Task<Dataset> EnsureAsync(ITrackingStore store, int runs, TextWriter log)
    {
        if (await store.GetExperimentByNameAsync(ExperimentName).ConfigureAwait(false) is { } existing
            && existing.Tags.TryGetValue("seed.runs", out var n) && n == runs.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && existing.Tags.TryGetValue("seed.history_run", out var historyRun))
            return new Dataset(existing.ExperimentId, historyRun, runs);
        var clock = Stopwatch.StartNew();
        var experimentId = await store.CreateExperimentAsync(ExperimentName).ConfigureAwait(false);
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < runs;)
            {
                var random = new Random(i);
                var run = await store.CreateRunAsync(experimentId, "bench", 1_700_000_000_000L + i, $"run-{i}").ConfigureAwait(false);
                var metrics = Enumerable.Range(0, 10).Select(k => new Metric($"m{k}", random.NextDouble(), 1_700_000_000_000L + i)).ToArray();
                var @params = Enumerable.Range(0, 5).Select(k => new Param($"p{k}", ((char)('a' + random.Next(5))).ToString())).ToArray();
                var tags = new[] { new RunTag("symbol", Symbols[random.Next(Symbols.Length)]) }
                    .Concat(Enumerable.Range(1, 4).Select(k => new RunTag($"t{k}", $"v{random.Next(10)}"))).ToArray();
                await store.LogBatchAsync(run.Info.RunId, metrics, @params, tags).ConfigureAwait(false);
                if (i % 10_000 == 9_999) log.WriteLine($"  seeded {i + 1:N0} runs ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }))).ConfigureAwait(false);
        var history = await store.CreateRunAsync(experimentId, "bench", 1_600_000_000_000L, "history").ConfigureAwait(false);
        for (int start = 0; start < HistoryPoints; start += 1000)
        {
            var batch = Enumerable.Range(start, 1000).Select(s => new Metric(HistoryKey, Math.Sin(s / 1000.0), 1_600_000_000_000L + s, s)).ToArray();
            await store.LogBatchAsync(history.Info.RunId, batch, null, null).ConfigureAwait(false);
        }
        await store.SetExperimentTagAsync(experimentId, "seed.history_run", history.Info.RunId).ConfigureAwait(false);
        await store.SetExperimentTagAsync(experimentId, "seed.runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        log.WriteLine($"  seeded {runs:N0} runs and a {HistoryPoints:N0}-point history in {clock.Elapsed.TotalSeconds:F0} s");
        return new Dataset(experimentId, history.Info.RunId, runs);
    }
}
