using Quarry.Analytics.Metrics;
using Quarry.Analytics.Regimes;
using Quarry.Analytics.Tables;
using Quarry.Backtesting.Results;

namespace Quarry.Analytics.Tearsheets;

/// <summary>
/// Everything a tearsheet shows, computed once; the HTML, PNG and PDF renderers only lay it out.
/// Series are aligned on <see cref="Time"/>; returns are simple returns per period.
/// </summary>
public sealed record Tearsheet
{
    /// <summary>Title, e.g. "sma-cross on orcl-1995-2014".</summary>
    public required string Title { get; init; }

    /// <summary>Strategy parameters (empty for a plain return series).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Timestamps of the return periods.</summary>
    public required DateTime[] Time { get; init; }

    /// <summary>Strategy returns per period.</summary>
    public required double[] Returns { get; init; }

    /// <summary>Benchmark returns per period aligned on <see cref="Time"/>, or null.</summary>
    public double[]? BenchmarkReturns { get; init; }

    /// <summary>Benchmark name, e.g. "SPY".</summary>
    public string BenchmarkName { get; init; } = "benchmark";

    /// <summary>Periods per year used to annualise.</summary>
    public double PeriodsPerYear { get; init; } = 252;

    /// <summary>The full metrics table, in display order.</summary>
    public required IReadOnlyList<MetricValue> Metrics { get; init; }

    /// <summary>Strategy returns per period before trading costs (commissions, slippage, spread), or null.</summary>
    public double[]? GrossReturns { get; init; }

    /// <summary>Trade statistics and cost analysis (count, win rate, expectancy, fees, cost drag, ...).</summary>
    public IReadOnlyList<MetricValue> TradeMetrics { get; init; } = [];

    /// <summary>Drawdown episodes, deepest first.</summary>
    public IReadOnlyList<DrawdownEpisode> Drawdowns { get; init; } = [];

    /// <summary>Monthly returns by year.</summary>
    public IReadOnlyList<MonthlyReturnsRow> Monthly { get; init; } = [];

    /// <summary>Yearly returns vs the benchmark.</summary>
    public IReadOnlyList<YearlyReturn> Yearly { get; init; } = [];

    /// <summary>Rolling window length in periods (126 by default, as QuantStats).</summary>
    public int RollingWindow { get; init; } = 126;

    /// <summary>Rolling annualised Sharpe (NaN before the window fills).</summary>
    public double[] RollingSharpe { get; init; } = [];

    /// <summary>Rolling annualised Sortino.</summary>
    public double[] RollingSortino { get; init; } = [];

    /// <summary>Rolling annualised volatility.</summary>
    public double[] RollingVolatility { get; init; } = [];

    /// <summary>Rolling beta to the benchmark (empty without a benchmark).</summary>
    public double[] RollingBeta { get; init; } = [];

    /// <summary>Regime breakdown, or null when no benchmark prices were given.</summary>
    public RegimeReport? Regimes { get; init; }

    /// <summary>The backtest's trades, or empty for a plain return series.</summary>
    public IReadOnlyList<Trade> Trades { get; init; } = [];

    /// <summary>Notes about the inputs, e.g. which dates alignment dropped.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>When the tearsheet was generated (shown in the footer).</summary>
    public DateTimeOffset GeneratedAt { get; init; }
}
