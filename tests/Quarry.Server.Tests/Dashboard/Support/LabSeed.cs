using Quarry.Tracking;
using Quarry.Tracking.Research;

namespace Quarry.Server.Tests.Dashboard.Support;

/// <summary>
/// A small research lab written through the tracking store, with values chosen so the pages' numbers can be checked by
/// hand: SMA runs i = 0..29 have sharpe = 0.05·i − 0.3, cagr = 0.01·i, max_drawdown = −0.05 − 0.01·i,
/// volatility = 0.1 + 0.005·i, and start i hours after <see cref="Origin"/>; "sma-best" has sharpe 2.5 and the
/// shallowest drawdown and 800-point equity and drawdown curves; "sma-history" has a 5,000-point equity history with one spike to 9 at step 2,500.
/// </summary>
internal sealed class LabSeed
{
    public const int SmaRuns = 30, EmaRuns = 8, RsiRuns = 6, RsiFailed = 2, CarryRuns = 4, OldRuns = 3, HistoryPoints = 5000;
    public const string ScratchName = "scratch <b>notes</b> & \"quotes\"";

    public required long Origin { get; init; }
    public required string SmaExperimentId { get; init; }
    public required string EmaExperimentId { get; init; }
    public required string RsiExperimentId { get; init; }
    public required string CarryExperimentId { get; init; }
    public required string ScratchExperimentId { get; init; }
    public required IReadOnlyList<string> SmaRunIds { get; init; }
    public required string BestRunId { get; init; }
    public required string HistoryRunId { get; init; }
    public required string ParentRunId { get; init; }
    public required IReadOnlyList<string> ChildRunIds { get; init; }
    public const string NewestRunName = "scratch-newest";

    /// <summary>Every active run the seed writes.</summary>
    public static int TotalRuns => SmaRuns + 2 + 1 + 3 + EmaRuns + RsiRuns + CarryRuns + 1 + OldRuns;

    /// <summary>Active runs started within the last 7 days (all but the old ones).</summary>
    public static int RecentRuns => TotalRuns - OldRuns;

    public static async Task<LabSeed> WriteAsync(ITrackingStore store)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), origin = now - 3 * 24 * 3600_000L;
        string sma = await Experiment(store, ExperimentName.Build("Alpha", "Equities", "Trend", "SmaCross"), "quant-a", ResearchStatus.Research);
        string ema = await Experiment(store, ExperimentName.Build("Alpha", "Equities", "Trend", "EmaCross"), "quant-a", ResearchStatus.Testing);
        string rsi = await Experiment(store, ExperimentName.Build("Alpha", "Equities", "MeanReversion", "RsiReversion"), "quant-b", ResearchStatus.Production);
        string carry = await Experiment(store, ExperimentName.Build("Beta", "Futures", "Carry", "TermStructure"), "macro", ResearchStatus.Research);
        string scratch = await store.CreateExperimentAsync(ScratchName);

        var smaRuns = new List<string>();
        for (int i = 0; i < SmaRuns; i++)
            smaRuns.Add(await Run(store, sma, $"sma-{i:00}", origin + i * 3600_000L, RunStatus.Finished,
                Metrics(0.05 * i - 0.3, 0.01 * i, -0.05 - 0.01 * i, 0.1 + 0.005 * i, 10 + i),
                [new Param("fast", (5 + i % 6 * 5).ToString(Inv)), new Param("slow", (20 + i / 6 * 20).ToString(Inv))],
                [new RunTag("symbol", i % 2 == 0 ? "SPY" : "QQQ")]));
        string best = await Run(store, sma, "sma-best", origin - 3600_000L, RunStatus.Finished, Metrics(2.5, 0.31, -0.02, 0.12, 64),
            [new Param("fast", "10"), new Param("slow", "30")], [new RunTag("symbol", "SPY")]);
        await BestCurves(store, best, origin);
        string history = await Run(store, sma, "sma-history", origin - 2 * 3600_000L, RunStatus.Finished, [], [], []);
        await History(store, history, origin);
        string parent = await Run(store, sma, "study-sma", origin - 5 * 3600_000L, RunStatus.Finished,
            [new Metric("best_value", 0.9, origin)], [new Param("trials", "3")], [new RunTag("quarry.study", "sma")]);
        var children = new List<string>();
        for (int t = 0; t < 3; t++)
            children.Add(await Run(store, sma, $"trial-{t}", origin - 4 * 3600_000L + t * 60_000L, RunStatus.Finished,
                [new Metric("objective", 0.3 * (t + 1), origin)], [new Param("fast", (8 + t).ToString(Inv))],
                [new RunTag("mlflow.parentRunId", parent)]));
        for (int i = 0; i < EmaRuns; i++)
            await Run(store, ema, $"ema-{i}", origin + (SmaRuns + i) * 3600_000L, RunStatus.Finished, Metrics(0.1 * i, 0.02 * i, -0.1, 0.15, 20 + i), [], []);
        for (int i = 0; i < RsiRuns; i++)
            await Run(store, rsi, $"rsi-{i}", origin + (SmaRuns + EmaRuns + i) * 3600_000L, i < RsiFailed ? RunStatus.Failed : RunStatus.Finished,
                i < RsiFailed ? [] : Metrics(0.2 * i, 0.03 * i, -0.2, 0.2, 30), [], []);
        for (int i = 0; i < CarryRuns; i++)
            await Run(store, carry, $"carry-{i}", origin + (SmaRuns + EmaRuns + RsiRuns + i) * 3600_000L, RunStatus.Finished, Metrics(0.4 + 0.1 * i, 0.05, -0.08, 0.09, 12), [], []);
        await Run(store, scratch, NewestRunName, now - 60_000L, RunStatus.Running, [new Metric("loss", 0.5, now)], [], []);
        for (int i = 0; i < OldRuns; i++)
            await Run(store, carry, $"carry-old-{i}", now - (10 + i) * 24 * 3600_000L, RunStatus.Finished, Metrics(0.1, 0.01, -0.3, 0.2, 5), [], []);
        return new LabSeed
        {
            Origin = origin, SmaExperimentId = sma, EmaExperimentId = ema, RsiExperimentId = rsi, CarryExperimentId = carry,
            ScratchExperimentId = scratch, SmaRunIds = smaRuns, BestRunId = best, HistoryRunId = history, ParentRunId = parent,
            ChildRunIds = children,
        };
    }

    static readonly IFormatProvider Inv = System.Globalization.CultureInfo.InvariantCulture;

    static Metric[] Metrics(double sharpe, double cagr, double maxDrawdown, double volatility, int trades)
    {
        long t = 1_700_000_000_000L;
        return [new("sharpe", sharpe, t), new("cagr", cagr, t), new("max_drawdown", maxDrawdown, t), new("volatility", volatility, t),
            new("total_return", cagr * 5, t), new("trades", trades, t)];
    }

    static async Task<string> Experiment(ITrackingStore store, ExperimentName name, string team, ResearchStatus status) =>
        await store.CreateExperimentAsync(name.ToString(), tags: ResearchTags.For(name, team, status));

    static async Task<string> Run(ITrackingStore store, string experimentId, string name, long start, RunStatus status,
        IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags)
    {
        var run = await store.CreateRunAsync(experimentId, "researcher", start, name, tags);
        await store.LogBatchAsync(run.Info.RunId, metrics, @params, []);
        await store.UpdateRunAsync(run.Info.RunId, status, status == RunStatus.Running ? null : start + 95_000);
        return run.Info.RunId;
    }

    /// <summary>sma-best's equity and drawdown curves: 800 daily points of a deterministic walk.</summary>
    static async Task BestCurves(ITrackingStore store, string runId, long origin)
    {
        double equity = 1, peak = 1;
        var points = new List<Metric>();
        for (int s = 0; s < 800; s++)
        {
            equity *= 1 + 0.0009 + 0.012 * Math.Sin(s * 0.37) * Math.Cos(s * 0.05);
            peak = Math.Max(peak, equity);
            long t = origin + s * 86_400_000L;
            points.Add(new Metric("equity", equity, t, s));
            points.Add(new Metric("drawdown", equity / peak - 1, t, s));
        }
        foreach (var chunk in points.Chunk(1000)) await store.LogBatchAsync(runId, chunk, null, null); // MLflow's batch limit
    }

    static async Task History(ITrackingStore store, string runId, long origin)
    {
        for (int start = 0; start < HistoryPoints; start += 1000)
        {
            var batch = Enumerable.Range(start, 1000)
                .Select(s => new Metric("equity", s == 2500 ? 9.0 : 1 + s * 0.0001, origin + s, s)).ToArray();
            await store.LogBatchAsync(runId, batch, null, null);
        }
        await store.LogBatchAsync(runId, [.. Enumerable.Range(0, 50).Select(s => new Metric("loss", 1.0 / (s + 1), origin + s, s))], null, null);
    }
}
