using Quarry.Analytics.Inputs;
using Quarry.Analytics.Metrics;
using Quarry.Analytics.Regimes;
using Quarry.Analytics.Tables;
using Quarry.Analytics.Trades;
using Quarry.Backtesting.Results;
using Quarry.Core;

namespace Quarry.Analytics.Tearsheets;

/// <summary>Computes a <see cref="Tearsheet"/> from a backtest or from a plain return series.</summary>
public static class TearsheetBuilder
{
    /// <summary>A tearsheet of a backtest: returns from its equity curve, trades, and costs (net and gross).</summary>
    public static Tearsheet FromBacktest(BacktestResult result, TearsheetInputs inputs)
    {
        var (time, equity) = result.DailyEquity();
        var returns = ReturnSeries.FromEquity(new TimeSeries(result.Strategy, time, equity), result.InitialCash);
        var costs = CostAnalysis.Compute(result);
        double[]? gross = result.Time.Length == time.Length ? costs.GrossReturns : null;
        var title = $"{result.Strategy} on {string.Join(", ", result.Symbols)}";
        var sheet = Build(title, returns, gross, inputs);
        return sheet with
        {
            Parameters = result.Parameters,
            Trades = result.Trades,
            TradeMetrics = [.. TradeStatistics.Compute(result.Trades, result.InitialCash), .. costs.Rows],
        };
    }

    /// <summary>A tearsheet of a return series (e.g. loaded with <c>ReturnsData.Load</c>).</summary>
    public static Tearsheet FromReturns(string title, TimeSeries returns, TearsheetInputs inputs) =>
        Build(title, ReturnSeries.FromReturns(returns).Returns, null, inputs);

    static Tearsheet Build(string title, TimeSeries strategy, double[]? gross, TearsheetInputs inputs)
    {
        var notes = new List<string>();
        DateTime[] time = strategy.Time;
        double[] returns = strategy.Values;
        double[]? benchmark = null;
        if (inputs.Benchmark is { } bench)
        {
            var aligned = Alignment.Align(strategy, bench.Returns);
            if (aligned.Message.Length > 0) notes.Add(aligned.Message);
            if (gross is not null && aligned.Time.Length != time.Length) gross = Realign(time, gross, aligned.Time);
            (time, returns, benchmark) = (aligned.Time, aligned.Strategy, aligned.Benchmark);
        }
        if (time.Length == 0)
            throw new QuarryException(ErrorCode.InvalidParameter, $"No return periods to analyse for '{title}'" +
                (notes.Count > 0 ? $": {notes[0]}" : "."));
        double periods = inputs.PeriodsPerYear > 0 ? inputs.PeriodsPerYear : Annualization.PeriodsPerYear(time);
        var options = new MetricOptions { PeriodsPerYear = periods, RiskFree = inputs.RiskFree };
        var metrics = MetricTable.Compute(time, returns, benchmark, options);
        if (gross is not null) metrics = WithGross(metrics, MetricTable.Compute(time, gross, default, options));
        int window = Math.Min(inputs.RollingWindow, Math.Max(2, time.Length));
        return new Tearsheet
        {
            Title = title,
            Time = time,
            Returns = returns,
            BenchmarkReturns = benchmark,
            GrossReturns = gross,
            BenchmarkName = inputs.Benchmark?.Name ?? "benchmark",
            PeriodsPerYear = periods,
            Metrics = metrics,
            Drawdowns = Drawdowns.Episodes(time, returns),
            Monthly = MonthlyReturns.Compute(time, returns),
            Yearly = YearlyReturns.Compute(time, returns, benchmark),
            RollingWindow = window,
            RollingSharpe = Rolled(returns, (r, d) => Rolling.Sharpe(r, window, periods, d)),
            RollingSortino = Rolled(returns, (r, d) => Rolling.Sortino(r, window, periods, d)),
            RollingVolatility = Rolled(returns, (r, d) => Rolling.Volatility(r, window, periods, d)),
            RollingBeta = benchmark is null ? [] : Rolled(returns, (r, d) => Rolling.Beta(r, benchmark, window, d)),
            Regimes = inputs.Benchmark is { } b ? RegimeAnalysis.Compute(time, returns, b.Close, inputs.VolatilityIndex, inputs.Regimes) : null,
            Notes = notes,
            GeneratedAt = inputs.Clock.GetUtcNow(),
        };
    }

    delegate void Kernel(ReadOnlySpan<double> returns, Span<double> destination);

    static double[] Rolled(double[] returns, Kernel kernel)
    {
        var destination = new double[returns.Length];
        kernel(returns, destination);
        return destination;
    }

    static double[] Realign(DateTime[] from, double[] values, DateTime[] to)
    {
        var index = new Dictionary<DateTime, double>(from.Length);
        for (int i = 0; i < from.Length; i++) index[from[i]] = values[i];
        var result = new double[to.Length];
        for (int i = 0; i < to.Length; i++) result[i] = index.TryGetValue(to[i], out var v) ? v : 0;
        return result;
    }

    static IReadOnlyList<MetricValue> WithGross(IReadOnlyList<MetricValue> net, IReadOnlyList<MetricValue> gross)
    {
        var byKey = gross.ToDictionary(m => m.Key, m => m.Strategy, StringComparer.Ordinal);
        return [.. net.Select(m => byKey.TryGetValue(m.Key, out var g) ? m with { Gross = g } : m)];
    }
}
