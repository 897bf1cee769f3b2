using System.Diagnostics;

namespace Quarry.Benchmarks.Tracking;

/// <summary>One case's result: average and percentile latencies over every request, and how many ran.</summary>
internal sealed record LoadResult(string Case, double AverageMs, double P50Ms, double P95Ms, int Iterations, double PerSecond, int Failures);

/// <summary>
/// k6-style closed-loop load: <c>clients</c> virtual users each send requests back to back for a fixed duration (or a
/// fixed number of iterations); latency is measured per request. Requests that fail count as failures, not latencies.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string name, int clients, TimeSpan duration, int maxIterations,
        Func<int, int, Task> request)
    {
        var latencies = new List<double>[clients];
        int failures = 0, issued = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(1024);
            for (int i = 0; clock.Elapsed < duration; i++)
            {
                if (Interlocked.Increment(ref issued) > maxIterations) break;
                long start = Stopwatch.GetTimestamp();
                try
                {
                    await request(client, i).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        if (firstError is not null) Console.Error.WriteLine($"  {name}: {failures} failed requests, first: {firstError}");
        if (all.Length == 0) return new LoadResult(name, double.NaN, double.NaN, double.NaN, 0, 0, failures);
        return new LoadResult(name, all.Average(), Percentile(all, 0.50), Percentile(all, 0.95), all.Length, all.Length / seconds, failures);
    }

    static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
