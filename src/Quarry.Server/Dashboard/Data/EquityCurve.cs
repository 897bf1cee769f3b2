using System.Globalization;
using Quarry.Core;
using Quarry.Server.Dashboard.Html;
using Quarry.Server.Dashboard.Pages;
using Quarry.Tracking;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Dashboard.Data;

/// <summary>
/// A run's equity curve for the compare charts: read from its <c>equity.csv</c> artifact (columns <c>time</c> and
/// <c>equity</c>, as <c>quarry backtest --track</c> writes it), else from its <c>equity</c> metric history; downsampled to
/// at most <see cref="PointBudget"/> points with each bucket's lowest and highest kept (<see cref="MetricDownsampler"/>).
/// </summary>
/// <param name="Source">Where it came from: <c>equity.csv</c> or <c>equity metric</c>.</param>
/// <param name="Times">Unix milliseconds, ascending.</param>
/// <param name="Values">The equity at each time.</param>
internal sealed record EquityCurve(string Source, long[] Times, double[] Values)
{
    /// <summary>The most points a curve keeps.</summary>
    public const int PointBudget = 1000;

    /// <summary>The most rows read from an equity.csv (about 800 years of daily bars).</summary>
    public const int MaxRows = 200_000;

    const string Artifact = "equity.csv", Metric = "equity";

    /// <summary>The run's curve, or null when it has neither an equity.csv artifact nor an equity history of two or more points.</summary>
    public static async Task<EquityCurve?> LoadAsync(DashboardServices s, Run run, CancellationToken ct)
    {
        if (RunArtifacts.Root(run) is { } root && await FromArtifactAsync(s.Artifacts, ArtifactPath.Combine(root, Artifact), ct).ConfigureAwait(false) is { } curve)
            return curve;
        if (Components.Find(run.Data.LatestMetrics, Metric) is null) return null;
        var info = (await s.Queries.HistoryInfoAsync(run.Info.RunId, ct).ConfigureAwait(false)).FirstOrDefault(i => i.Key == Metric);
        if (info is null || info.Points < 2) return null;
        var sampler = new MetricDownsampler(info.Points, PointBudget);
        await s.Queries.StreamHistoryAsync(run.Info.RunId, Metric, sampler, ct).ConfigureAwait(false);
        var series = sampler.Finish();
        return new EquityCurve("equity metric", series.Timestamps, series.Values);
    }

    static async Task<EquityCurve?> FromArtifactAsync(IArtifactStore store, string path, CancellationToken ct)
    {
        ArtifactContent content;
        try { content = await store.OpenReadAsync(path, ct).ConfigureAwait(false); }
        catch (QuarryException e) when (e.Code is ErrorCode.NotFound or ErrorCode.InvalidParameter) { return null; }
        await using (content.ConfigureAwait(false))
        {
            using var reader = new StreamReader(content.Content);
            var header = await ArtifactPreview.ReadRecordAsync(reader, ',', ct).ConfigureAwait(false);
            int timeColumn = header?.FindIndex(c => c.Trim().Equals("time", StringComparison.OrdinalIgnoreCase)) ?? -1;
            int equityColumn = header?.FindIndex(c => c.Trim().Equals("equity", StringComparison.OrdinalIgnoreCase)) ?? -1;
            if (timeColumn < 0 || equityColumn < 0) return null;
            var times = new List<long>();
            var values = new List<double>();
            while (times.Count < MaxRows && await ArtifactPreview.ReadRecordAsync(reader, ',', ct).ConfigureAwait(false) is { } row)
            {
                if (row.Count <= Math.Max(timeColumn, equityColumn)) continue;
                if (!DateTime.TryParse(row[timeColumn], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)) continue;
                if (!double.TryParse(row[equityColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double equity)) continue;
                times.Add(new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeMilliseconds());
                values.Add(equity);
            }
            if (times.Count < 2) return null;
            var sampler = new MetricDownsampler(times.Count, PointBudget);
            for (int i = 0; i < times.Count; i++) sampler.Add(i, times[i], values[i]);
            var series = sampler.Finish();
            return new EquityCurve(Artifact, series.Timestamps, series.Values);
        }
    }
}
