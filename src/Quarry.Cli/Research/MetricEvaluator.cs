using Quarry.Analytics.Metrics;
using Quarry.Backtesting.Results;
using Quarry.Core;

namespace Quarry.Cli.Research;

/// <summary>
/// The metrics an optimization can target or constrain: the backtest summary's (cheap, computed from the equity
/// curve in one pass) and, only when one of them is asked for, every metric of the analytics table.
/// </summary>
internal sealed class MetricEvaluator
{
    static readonly IReadOnlyCollection<string> SummaryKeys =
        new PerformanceSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).ToDictionary().Keys.ToArray();

    readonly bool _needsTable;

    public MetricEvaluator(IEnumerable<string> wanted)
    {
        foreach (var key in wanted)
            if (!Known.Contains(key))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Unknown metric '{key}' (known: {string.Join(", ", Known)}).");
        _needsTable = wanted.Any(k => !SummaryKeys.Contains(k));
    }

    /// <summary>Every metric name that can be used.</summary>
    public static IReadOnlyCollection<string> Known { get; } = [.. SummaryKeys.Concat(MetricTable.Keys).Distinct()];

    /// <summary>Metrics of a result (summary keys always; the full table only when needed).</summary>
    public IReadOnlyDictionary<string, double> Evaluate(BacktestResult result) => Evaluate(result.Summary, result);

    /// <summary>Metrics of an equity curve (for the year-end checkpoints of a running backtest).</summary>
    public double Evaluate(string metric, ReadOnlySpan<DateTime> time, ReadOnlySpan<double> equity, double initialCash, double periodsPerYear)
    {
        if (SummaryKeys.Contains(metric))
            return PerformanceSummary.Compute(equity, time, initialCash, 0, default, 0, 0, periodsPerYear).ToDictionary()[metric];
        var returns = new double[equity.Length];
        double previous = initialCash;
        for (int i = 0; i < returns.Length; i++) { returns[i] = equity[i] / previous - 1; previous = equity[i]; }
        var table = MetricTable.Compute(time, returns, default, new MetricOptions { PeriodsPerYear = periodsPerYear });
        return MetricTable.ToDictionary(table).TryGetValue(metric, out var v) ? v : double.NaN;
    }

    IReadOnlyDictionary<string, double> Evaluate(PerformanceSummary summary, BacktestResult result)
    {
        var metrics = new Dictionary<string, double>(summary.ToDictionary(), StringComparer.Ordinal);
        if (!_needsTable) return metrics;
        var table = MetricTable.Compute(result.Time, result.Returns(), default, new MetricOptions { PeriodsPerYear = summary.PeriodsPerYear });
        foreach (var (key, value) in MetricTable.ToDictionary(table)) metrics.TryAdd(key, value);
        return metrics;
    }
}
