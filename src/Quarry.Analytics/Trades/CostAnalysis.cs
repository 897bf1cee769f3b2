using Quarry.Analytics.Metrics;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;

namespace Quarry.Analytics.Trades;

/// <summary>
/// What trading costs took from a backtest. Gross equity adds back every cost paid so far:
/// <c>G_t = E_t + Σ_{fills up to and including bar t} (commission + slippage)</c>, i.e. the same trades filled at the raw
/// prices without commission (positions are marked at the same closes, so only cash differs). Sizing is not re-run, so
/// the gross curve is not what a cost-free backtest would have traded when sizes depend on equity. Stateless and
/// thread-safe.
/// </summary>
public static class CostAnalysis
{
    /// <summary>
    /// Gross returns <c>g_t = G_t / G_{t−1} − 1</c> (the first against the initial cash, like
    /// <c>BacktestResult.Returns()</c>) and the rows, in order (<see cref="MetricValue.Benchmark"/> NaN):
    /// total fees [<c>total_fees</c>: Σ commissions, currency], fees as a fraction of starting equity [<c>fees_pct</c>],
    /// slippage and spread cost [<c>slippage_cost</c>: currency], the same as a fraction of starting equity
    /// [<c>slippage_pct</c>], and cost drag [<c>cost_drag</c>: gross CAGR − net CAGR, with
    /// <c>CAGR = |1 + comp|^(A/N) − 1</c> as in the spec and <c>A</c> = the backtest's periods per year, inferred from the
    /// bar spacing when it is 0; its <see cref="MetricValue.Gross"/> holds the gross CAGR]. Per-fill costs come from
    /// <see cref="BacktestResult.Orders"/> (filled orders' <see cref="OrderRecord.Commission"/> and
    /// <see cref="OrderRecord.Slippage"/>, booked on the bar of <see cref="OrderRecord.FillTime"/>). If the orders carry
    /// no slippage but <see cref="BacktestResult.TotalSlippage"/> is positive, the total is spread over the fills in
    /// proportion to their traded value. An empty backtest gives no returns and NaN drag. Allocates the result.
    /// </summary>
    /// <param name="result">A finished backtest.</param>
    public static CostAnalysisResult Compute(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var costs = CostsPerBar(result);
        var equity = result.Equity;
        var gross = new double[equity.Length];
        double cumulative = 0, previous = result.InitialCash;
        for (int t = 0; t < equity.Length; t++)
        {
            cumulative += costs[t];
            double g = equity[t] + cumulative;
            gross[t] = g / previous - 1;
            previous = g;
        }
        double a = result.Options.PeriodsPerYear > 0 ? result.Options.PeriodsPerYear : Annualization.PeriodsPerYear(result.Time);
        double netCagr = Cagr(result.FinalValue / result.InitialCash, equity.Length, a);
        double grossCagr = Cagr(previous / result.InitialCash, equity.Length, a);
        double cash = result.InitialCash;
        MetricValue[] rows =
        [
            new("total_fees", "Total fees", result.TotalCommission, double.NaN, MetricFormat.Number),
            new("fees_pct", "Fees (% of starting equity)", result.TotalCommission / cash, double.NaN, MetricFormat.Percent),
            new("slippage_cost", "Slippage and spread", result.TotalSlippage, double.NaN, MetricFormat.Number),
            new("slippage_pct", "Slippage and spread (% of starting equity)", result.TotalSlippage / cash, double.NaN, MetricFormat.Percent),
            new("cost_drag", "Cost drag (gross − net CAGR)", grossCagr - netCagr, double.NaN, MetricFormat.Percent, grossCagr),
        ];
        return new CostAnalysisResult(gross, rows);
    }

    /// <summary>Commission + slippage booked on each bar of the timeline.</summary>
    internal static double[] CostsPerBar(BacktestResult result)
    {
        var time = result.Time;
        var costs = new double[time.Length];
        double perFillSlippage = 0, notional = 0;
        foreach (var o in result.Orders)
        {
            if (!IsFill(o)) continue;
            perFillSlippage += o.Slippage;
            notional += Math.Abs(o.Quantity * o.FillPrice);
        }
        bool spread = perFillSlippage == 0 && result.TotalSlippage > 0 && notional > 0;
        foreach (var o in result.Orders)
        {
            if (!IsFill(o)) continue;
            int bar = Array.BinarySearch(time, o.FillTime!.Value);
            if (bar < 0) bar = Math.Min(~bar, time.Length - 1);   // not on the timeline: book on the next bar
            if (bar < 0) continue;
            double slippage = spread ? result.TotalSlippage * Math.Abs(o.Quantity * o.FillPrice) / notional : o.Slippage;
            costs[bar] += o.Commission + slippage;
        }
        return costs;
    }

    static bool IsFill(OrderRecord o) => o.Status == OrderStatus.Filled && o.FillTime is not null;

    static double Cagr(double growth, int periods, double periodsPerYear) =>
        periods == 0 ? double.NaN : Math.Pow(Math.Abs(growth), periodsPerYear / periods) - 1;
}
