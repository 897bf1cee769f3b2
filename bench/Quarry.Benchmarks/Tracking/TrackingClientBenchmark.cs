using System.Diagnostics;
using Quarry.Tracking;
using Quarry.Tracking.Client;
using Quarry.Tracking.Storage;

namespace Quarry.Benchmarks.Tracking;

/// <summary>
/// "Log 10,000 metrics through the client": the cost on the logging thread (µs and bytes per metric; the background
/// writer runs meanwhile on the other core), the time until all of them are in a SQLite store, and, for scale, the
/// cost of writing points one call at a time straight to the store (what an unbatched client pays per point).
/// </summary>
internal sealed class TrackingClientBenchmark(TextWriter output)
{
    public int Metrics { get; init; } = 10_000;
    public int Rounds { get; init; } = 15;

    public async Task RunAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "quarry-bench-client-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var store = SqlTrackingStore.Open("sqlite:" + Path.Combine(dir, "tracking.db"));
            await using var client = new TrackingClient(store);
            var keys = Enumerable.Range(0, 10).Select(i => $"metric_{i}").ToArray();
            var logUs = new List<double>();
            var endToEndMs = new List<double>();
            var bytes = new List<double>();
            // One long run, as a tracked study or training loop has: after the first rounds the client's buffers have
            // their working size, so the figures are the steady-state cost of a log call.
            var run = await client.StartRunAsync("bench.client", "steady-state").ConfigureAwait(false);
            for (int round = 0; round < Rounds + 3; round++) // the first 3 rounds warm the JIT and the buffers up
            {
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                long start = Stopwatch.GetTimestamp();
                long stepBase = (long)round * Metrics;
                for (int i = 0; i < Metrics; i++) run.LogMetric(keys[i % keys.Length], i * 0.001, step: stepBase + i / keys.Length);
                double logSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                await run.FlushAsync().ConfigureAwait(false);
                double totalSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (round < 3) continue;
                logUs.Add(logSeconds * 1e6 / Metrics);
                bytes.Add((double)allocated / Metrics);
                endToEndMs.Add(totalSeconds * 1e3);
            }
            await run.EndAsync().ConfigureAwait(false);
            double directMs = await DirectAsync(store).ConfigureAwait(false);
            output.WriteLine($"Tracking client: log {Metrics:N0} metrics (10 keys) to one run on SQLite, median of {Rounds} rounds, {Environment.ProcessorCount} cores");
            output.WriteLine($"  log call on the caller's thread : {Median(logUs):F3} µs/metric (best {logUs.Min():F3}), {Median(bytes):F1} bytes/metric");
            output.WriteLine($"  until all are in the store      : {Median(endToEndMs):F0} ms ({Metrics / Median(endToEndMs) * 1e3:N0} metrics/s, batches of ≤ 1,000)");
            output.WriteLine($"  unbatched, one LogMetricAsync per point straight to the store: {directMs:F2} ms/metric " +
                $"({directMs * 1e3 / Median(logUs):N0}× the client's log call)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    static async Task<double> DirectAsync(ITrackingStore store)
    {
        const int points = 200;
        var run = await store.CreateRunAsync("0", "bench", 0).ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < points; i++) await store.LogMetricAsync(run.Info.RunId, "direct", i, 0, i).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / points;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
