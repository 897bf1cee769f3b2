using System.Diagnostics;
using System.Globalization;
using Quarry.Tracking;
using Quarry.Tracking.Research;

namespace Quarry.Benchmarks.Dashboard;

/// <summary>
/// The dashboard benchmark's lab, written through the store like <c>TrackingSeed</c>: 20 experiments in the research
/// hierarchy holding <c>runs</c> runs, half of them in the first ("the big one"), each run with 5 params, 10 metrics
/// (the research metrics the pages show) and 5 tags, 3 % FAILED, started over the last 60 days; plus a study run with 50
/// child runs and a run holding a 100,000-point metric history. Values come from fixed seeds.
/// </summary>
internal static class DashboardSeed
{
    public const int Experiments = 20, Children = 50, HistoryPoints = 100_000;
    static readonly string[] Families = ["Trend", "MeanReversion", "Carry", "Momentum", "Breakout"];
    static readonly string[] Symbols = ["SPY", "QQQ", "IWM", "TLT", "GLD"];

    public sealed record Lab(IReadOnlyList<string> ExperimentIds, string BigExperimentId, string HistoryRunId, string ParentRunId,
        IReadOnlyList<string> SomeRunIds, int Runs);

    /// <summary>Seeds the store unless it already holds the lab (a cached SQLite file), and returns its ids.</summary>
    public static async Task<Lab> EnsureAsync(ITrackingStore store, int runs, TextWriter log)
    {
        const string marker = "Bench.Equities.Trend.Strategy00";
        if (await store.GetExperimentByNameAsync(marker).ConfigureAwait(false) is { } existing
            && existing.Tags.TryGetValue("seed.runs", out var n) && n == runs.ToString(CultureInfo.InvariantCulture))
            return await ReadBackAsync(store, existing, runs).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (int e = 0; e < Experiments; e++)
        {
            var name = ExperimentName.Build(e < 10 ? "Bench" : "Macro", e % 2 == 0 ? "Equities" : "Futures", Families[e % Families.Length], $"Strategy{e:00}");
            ids.Add(await store.CreateExperimentAsync(name.ToString(), tags: ResearchTags.For(name, $"team-{e % 4}")).ConfigureAwait(false));
        }
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < runs;)
            {
                // half the runs in the big experiment, the rest spread over the others
                string experiment = i % 2 == 0 ? ids[0] : ids[1 + i / 2 % (Experiments - 1)];
                await WriteRunAsync(store, experiment, i, now - (long)i * 60_000 * 60 * 24 * 60 / runs, null).ConfigureAwait(false);
                if (i % 10_000 == 9_999) log.WriteLine($"  seeded {i + 1:N0} runs ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }))).ConfigureAwait(false);
        string parent = await WriteRunAsync(store, ids[0], runs, now - 3_600_000, null).ConfigureAwait(false);
        for (int c = 0; c < Children; c++) await WriteRunAsync(store, ids[0], runs + 1 + c, now - 3_000_000 + c, parent).ConfigureAwait(false);
        var history = await store.CreateRunAsync(ids[0], "bench", now - 7_200_000, "history").ConfigureAwait(false);
        for (int start = 0; start < HistoryPoints; start += 1000)
        {
            var batch = Enumerable.Range(start, 1000).Select(s => new Metric("equity", 1 + Math.Sin(s / 1000.0) * 0.1 + s * 1e-5, now + s, s)).ToArray();
            await store.LogBatchAsync(history.Info.RunId, batch, null, null).ConfigureAwait(false);
        }
        await store.SetExperimentTagAsync(ids[0], "seed.history_run", history.Info.RunId).ConfigureAwait(false);
        await store.SetExperimentTagAsync(ids[0], "seed.parent_run", parent).ConfigureAwait(false);
        await store.SetExperimentTagAsync(ids[0], "seed.runs", runs.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        log.WriteLine($"  seeded {runs:N0} runs in {Experiments} experiments and a {HistoryPoints:N0}-point history in {clock.Elapsed.TotalSeconds:F0} s");
        return await ReadBackAsync(store, await store.GetExperimentAsync(ids[0]).ConfigureAwait(false), runs).ConfigureAwait(false);
    }

    static async Task<string> WriteRunAsync(ITrackingStore store, string experiment, int i, long start, string? parent)
    {
        var random = new Random(i);
        var tags = new List<RunTag> { new("symbol", Symbols[random.Next(Symbols.Length)]) };
        if (parent is not null) tags.Add(new RunTag("mlflow.parentRunId", parent));
        var run = await store.CreateRunAsync(experiment, "bench", start, $"run-{i}", tags).ConfigureAwait(false);
        double sharpe = random.NextDouble() * 3 - 0.8, vol = 0.08 + random.NextDouble() * 0.25;
        Metric M(string key, double value) => new(key, value, start, 0);
        var metrics = new[]
        {
            M("sharpe", sharpe), M("cagr", sharpe * vol), M("total_return", sharpe * vol * 4), M("max_drawdown", -random.NextDouble() * 0.5),
            M("volatility", vol), M("sortino", sharpe * 1.4), M("calmar", random.NextDouble() * 2), M("win_rate", random.NextDouble()),
            M("trades", random.Next(10, 400)), M("exposure", random.NextDouble()),
        };
        var @params = Enumerable.Range(0, 5).Select(k => new Param($"p{k}", ((char)('a' + random.Next(5))).ToString())).ToArray();
        var more = Enumerable.Range(1, 4).Select(k => new RunTag($"t{k}", $"v{random.Next(10)}")).ToArray();
        await store.LogBatchAsync(run.Info.RunId, metrics, @params, more).ConfigureAwait(false);
        await store.UpdateRunAsync(run.Info.RunId, i % 33 == 0 ? RunStatus.Failed : RunStatus.Finished, start + 60_000).ConfigureAwait(false);
        return run.Info.RunId;
    }

    static async Task<Lab> ReadBackAsync(ITrackingStore store, Experiment big, int runs)
    {
        var all = await store.ListExperimentsAsync().ConfigureAwait(false);
        var some = await store.SearchRunsAsync([big.ExperimentId], null, ViewType.ActiveOnly, 5, ["metrics.sharpe DESC"], null).ConfigureAwait(false);
        return new Lab([.. all.Where(e => e.Name.Contains('.', StringComparison.Ordinal)).Select(e => e.ExperimentId)], big.ExperimentId,
            big.Tags["seed.history_run"], big.Tags["seed.parent_run"], [.. some.Runs.Select(r => r.Info.RunId)], runs);
    }
}
