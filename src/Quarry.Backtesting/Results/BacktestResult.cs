using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Results;

/// <summary>
/// Everything a backtest produced: the equity curve (one point per bar of the timeline, marked at the close),
/// trades, orders, final positions and costs. Immutable.
/// </summary>
public sealed class BacktestResult
{
    PerformanceSummary? _summary;

    internal BacktestResult(string strategy, IReadOnlyDictionary<string, string> parameters, BacktestOptions options,
        IReadOnlyList<string> symbols, DateTime[] time, double[] equity, double[] cash, double[] grossExposure,
        IReadOnlyList<Trade> trades, IReadOnlyList<OrderRecord> orders, IReadOnlyDictionary<string, double> finalPositions,
        double totalCommission, double totalSlippage)
    {
        Strategy = strategy;
        Parameters = parameters;
        Options = options;
        Symbols = symbols;
        Time = time;
        Equity = equity;
        Cash = cash;
        GrossExposure = grossExposure;
        Trades = trades;
        Orders = orders;
        FinalPositions = finalPositions;
        TotalCommission = totalCommission;
        TotalSlippage = totalSlippage;
    }

    /// <summary>Strategy name.</summary>
    public string Strategy { get; }

    /// <summary>Parameter values used, as text.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Options used.</summary>
    public BacktestOptions Options { get; }

    /// <summary>Symbols traded, in data order.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Timeline: the union of all symbols' bar times.</summary>
    public DateTime[] Time { get; }

    /// <summary>Equity (cash + positions at the last close) after each bar.</summary>
    public double[] Equity { get; }

    /// <summary>Cash after each bar.</summary>
    public double[] Cash { get; }

    /// <summary>Σ |position value| / equity after each bar.</summary>
    public double[] GrossExposure { get; }

    /// <summary>Closed trades in exit order, then trades still open at the end.</summary>
    public IReadOnlyList<Trade> Trades { get; }

    /// <summary>Every order submitted, in submission order.</summary>
    public IReadOnlyList<OrderRecord> Orders { get; }

    /// <summary>Shares held per symbol at the end (negative = short).</summary>
    public IReadOnlyDictionary<string, double> FinalPositions { get; }

    /// <summary>Total commissions paid.</summary>
    public double TotalCommission { get; }

    /// <summary>Total cost of slippage and half-spreads: Σ |fill price − raw price| × shares.</summary>
    public double TotalSlippage { get; }

    /// <summary>Starting cash.</summary>
    public double InitialCash => Options.InitialCash;

    /// <summary>Equity after the last bar.</summary>
    public double FinalValue => Equity.Length == 0 ? InitialCash : Equity[^1];

    /// <summary>FinalValue / InitialCash − 1.</summary>
    public double TotalReturn => FinalValue / InitialCash - 1;

    /// <summary>Headline metrics, computed on first use.</summary>
    public PerformanceSummary Summary => _summary ??= PerformanceSummary.Compute(this);

    /// <summary>Simple returns per bar, the first against the initial cash: r[t] = E[t]/E[t−1] − 1.</summary>
    public double[] Returns()
    {
        var r = new double[Equity.Length];
        double previous = InitialCash;
        for (int t = 0; t < r.Length; t++)
        {
            r[t] = Equity[t] / previous - 1;
            previous = Equity[t];
        }
        return r;
    }

    /// <summary>The equity curve sampled at the last bar of each calendar day (identical to the curve for daily bars).</summary>
    public (DateTime[] Time, double[] Equity) DailyEquity()
    {
        var times = new List<DateTime>();
        var values = new List<double>();
        for (int t = 0; t < Time.Length; t++)
        {
            if (t + 1 < Time.Length && Time[t + 1].Date == Time[t].Date) continue;
            times.Add(Time[t].Date);
            values.Add(Equity[t]);
        }
        return (times.ToArray(), values.ToArray());
    }
}
