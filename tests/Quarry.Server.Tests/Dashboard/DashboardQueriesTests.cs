using Quarry.Core;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Tests.Dashboard.Support;
using Quarry.Storage.Testing;
using Quarry.Tracking.Storage;

namespace Quarry.Server.Tests.Dashboard;

/// <summary>
/// The dashboard's hand-written SQL against <see cref="LabSeed"/> (every expected value follows from the seed's
/// formulas), on SQLite and on PostgreSQL.
/// </summary>
public abstract class DashboardQueriesContract : IAsyncLifetime
{
    LabSeed _lab = null!;
    string _location = "";

    protected abstract string CreateLocation();

    public async Task InitializeAsync()
    {
        _location = CreateLocation();
        using var store = SqlTrackingStore.Open(_location);
        _lab = await LabSeed.WriteAsync(store);
    }

    public Task DisposeAsync()
    {
        if (_location.StartsWith("sqlite:", StringComparison.Ordinal)) File.Delete(_location["sqlite:".Length..]);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Metric_summary_counts_runs_and_finds_the_median_and_the_best_run()
    {
        using var queries = new DashboardQueries(_location);
        // SMA: sharpe 0.05·i − 0.3 for i = 0..29 and 2.5 (sma-best): 31 values, the 16th smallest is i = 15
        var sharpe = await queries.MetricSummaryAsync(_lab.SmaExperimentId, "sharpe", default);
        Assert.Equal((LabSeed.SmaRuns + 6L, LabSeed.SmaRuns + 1L, _lab.BestRunId), (sharpe.Runs, sharpe.WithMetric, sharpe.BestRunId));
        Assert.Equal(0.45, sharpe.Median!.Value, 12);
        Assert.Equal(2.5, sharpe.Best!.Value, 12);
        // drawdowns −0.05 − 0.01·i and −0.02: the best is the smallest magnitude, the median i = 14
        var drawdown = await queries.MetricSummaryAsync(_lab.SmaExperimentId, "max_drawdown", default);
        Assert.Equal(-0.02, drawdown.Best!.Value, 12);
        Assert.Equal(_lab.BestRunId, drawdown.BestRunId);
        Assert.Equal(-0.19, drawdown.Median!.Value, 12);
        // EMA: sharpe 0.1·i for i = 0..7, an even count: the mean of the middle two
        var ema = await queries.MetricSummaryAsync(_lab.EmaExperimentId, "sharpe", default);
        Assert.Equal(0.35, ema.Median!.Value, 12);
        Assert.Equal(0.7, ema.Best!.Value, 12);
        Assert.Equal(new ExperimentMetricSummary(LabSeed.EmaRuns, 0, null, null, null), await queries.MetricSummaryAsync(_lab.EmaExperimentId, "nope", default));
    }

    [Theory]
    [InlineData(DashboardQueries.DefaultWalkRows)]
    [InlineData(3)] // walks cut short: most experiments are computed from their own runs, with the same result
    public async Task Experiment_stats_count_runs_and_find_each_metric_range(int walkRows)
    {
        using var queries = new DashboardQueries(_location, walkRows);
        var stats = await queries.ExperimentStatsAsync("sharpe", default);
        Assert.Equal(new ExperimentStats(LabSeed.SmaRuns + 6, -0.3, 2.5), Rounded(stats[_lab.SmaExperimentId])); // sma-00 and sma-best
        Assert.Equal(new ExperimentStats(LabSeed.RsiRuns, 0.4, 1.0), Rounded(stats[_lab.RsiExperimentId])); // rsi-2..5 = 0.2·i; the failed runs have none
        Assert.Equal(new ExperimentStats(LabSeed.CarryRuns + LabSeed.OldRuns, 0.1, 0.7), Rounded(stats[_lab.CarryExperimentId]));
        Assert.Equal(new ExperimentStats(1, null, null), stats[_lab.ScratchExperimentId]); // its one run has only "loss"
        Assert.False(stats.ContainsKey("0")); // Default has no runs

        var drawdown = await queries.ExperimentStatsAsync("max_drawdown", default);
        Assert.Equal(new ExperimentStats(LabSeed.SmaRuns + 6, -0.34, -0.02), Rounded(drawdown[_lab.SmaExperimentId]));
        var none = await queries.ExperimentStatsAsync(null, default);
        Assert.Equal(new ExperimentStats(LabSeed.EmaRuns, null, null), none[_lab.EmaExperimentId]);
    }

    [Fact]
    public async Task Recent_runs_merge_the_newest_of_each_experiment()
    {
        using var queries = new DashboardQueries(_location);
        using var store = SqlTrackingStore.Open(_location);
        var ids = (await store.ListExperimentsAsync()).Select(e => e.ExperimentId).ToList();
        Assert.Equal([LabSeed.NewestRunName, "carry-3", "carry-2"], await Names(store, await queries.RecentRunIdsAsync(ids, 3, false, default)));
        Assert.Equal(["rsi-1", "rsi-0"], await Names(store, await queries.RecentRunIdsAsync(ids, 5, true, default)));
        Assert.Equal(["sma-29", "sma-28"], await Names(store, await queries.RecentRunIdsAsync([_lab.SmaExperimentId], 2, false, default)));
    }

    [Fact]
    public async Task Child_runs_come_oldest_first_with_their_total()
    {
        using var queries = new DashboardQueries(_location);
        var (ids, total) = await queries.ChildRunsAsync(_lab.ParentRunId, 2, default);
        Assert.Equal(3, total);
        Assert.Equal(_lab.ChildRunIds.Take(2), ids);
        Assert.Equal(0, (await queries.ChildRunsAsync(_lab.BestRunId, 2, default)).Total);
    }

    [Fact]
    public async Task Counting_uses_the_search_filter_and_reports_its_errors()
    {
        using var queries = new DashboardQueries(_location);
        Assert.Equal(LabSeed.SmaRuns + 6, await queries.CountRunsAsync(_lab.SmaExperimentId, null, default));
        Assert.Equal(2, await queries.CountRunsAsync(_lab.SmaExperimentId, "metrics.sharpe > 1.02 and tags.symbol = 'QQQ'", default));
        Assert.Equal(LabSeed.SmaRuns / 2 + 1, await queries.CountRunsAsync(_lab.SmaExperimentId, "tags.symbol = 'SPY'", default)); // even i and sma-best
        var e = await Assert.ThrowsAsync<QuarryException>(() => queries.CountRunsAsync(_lab.SmaExperimentId, "metrics.sharpe >", default));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.StartsWith("Invalid filter at position", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Histories_are_described_and_streamed_in_step_order()
    {
        using var queries = new DashboardQueries(_location);
        var info = await queries.HistoryInfoAsync(_lab.HistoryRunId, default);
        Assert.Equal([new MetricHistoryInfo("equity", LabSeed.HistoryPoints, 0, LabSeed.HistoryPoints - 1), new MetricHistoryInfo("loss", 50, 0, 49)], info);
        var all = new MetricDownsampler(50, 100);
        await queries.StreamHistoryAsync(_lab.HistoryRunId, "loss", all, default);
        var loss = all.Finish();
        Assert.Equal(Enumerable.Range(0, 50).Select(s => (long)s), loss.Steps);
        Assert.Equal(Enumerable.Range(0, 50).Select(s => 1.0 / (s + 1)), loss.Values);
    }

    static ExperimentStats Rounded(ExperimentStats s) => s with { Min = s.Min is { } lo ? Math.Round(lo, 10) : null, Max = s.Max is { } hi ? Math.Round(hi, 10) : null };

    static async Task<string[]> Names(SqlTrackingStore store, IReadOnlyList<string> ids)
    {
        var names = new List<string>();
        foreach (var id in ids) names.Add((await store.GetRunAsync(id)).Info.RunName);
        return [.. names];
    }
}

public sealed class DashboardQueriesSqliteTests : DashboardQueriesContract
{
    protected override string CreateLocation() => "sqlite:" + Path.Combine(Path.GetTempPath(), "quarry-dashboard-queries-" + Guid.NewGuid().ToString("N") + ".db");
}

[Collection(PostgresCollection.Name)]
public sealed class DashboardQueriesPostgresTests(PostgresFixture postgres) : DashboardQueriesContract
{
    protected override string CreateLocation() => postgres.CreateDatabase();
}
