namespace Quarry.Backtesting.Results;

/// <summary>
/// Headline metrics of a backtest. Return metrics follow QuantStats' conventions (see shared spec metrics.md):
/// returns per bar against the previous equity (the first against the initial cash), sample standard deviation,
/// CAGR over N / periods-per-year years, drawdown from a baseline of the initial cash. Fractions, not percents.
/// </summary>
/// <param name="FinalValue">Equity after the last bar.</param>
/// <param name="TotalReturn">FinalValue / InitialCash − 1.</param>
/// <param name="Cagr">(1 + TotalReturn)^(1/years) − 1, years = bars / PeriodsPerYear.</param>
/// <param name="Volatility">Annualised standard deviation of returns.</param>
/// <param name="Sharpe">mean / std × √PeriodsPerYear (rf = 0); NaN when std = 0.</param>
/// <param name="Sortino">mean / sqrt(Σ min(r,0)² / N) × √PeriodsPerYear; NaN without losing bars.</param>
/// <param name="MaxDrawdown">Deepest peak-to-trough fall of equity, ≤ 0.</param>
/// <param name="Calmar">Cagr / |MaxDrawdown|; NaN when there is no drawdown.</param>
/// <param name="Trades">Number of trades (closed and still open).</param>
/// <param name="WinRate">Winning closed trades / closed trades (NaN when none closed).</param>
/// <param name="ProfitFactor">Σ winning net P&amp;L / |Σ losing net P&amp;L| over closed trades.</param>
/// <param name="AverageTrade">Mean net P&amp;L of closed trades.</param>
/// <param name="Exposure">Fraction of bars that ended with a position.</param>
/// <param name="TotalFees">Commissions paid.</param>
/// <param name="SlippageCost">Slippage and spread paid.</param>
/// <param name="AverageBarsHeld">Mean bars held of closed trades.</param>
/// <param name="PeriodsPerYear">Bars per year used to annualise.</param>
public sealed record PerformanceSummary(
    double FinalValue, double TotalReturn, double Cagr, double Volatility, double Sharpe, double Sortino,
    double MaxDrawdown, double Calmar, int Trades, double WinRate, double ProfitFactor, double AverageTrade,
    double Exposure, double TotalFees, double SlippageCost, double AverageBarsHeld, double PeriodsPerYear)
{
    /// <summary>Computes the summary of a result.</summary>
    public static PerformanceSummary Compute(BacktestResult result)
    {
        int inMarket = 0;
        foreach (var exposure in result.GrossExposure) if (exposure > 0) inMarket++;
        return Compute(result.Equity, result.Time, result.InitialCash, inMarket, TradeStats.From(result.Trades),
            result.TotalCommission, result.TotalSlippage, result.Options.PeriodsPerYear);
    }

    /// <summary>Computes the summary from an equity curve and trade statistics (the sweep's allocation-light path).</summary>
    /// <param name="equity">Equity after each bar.</param>
    /// <param name="time">Bar times, used to infer periods per year when <paramref name="periodsPerYear"/> is 0.</param>
    /// <param name="initialCash">Starting cash (the drawdown baseline and the first return's base).</param>
    /// <param name="barsInMarket">Bars that ended with a position.</param>
    /// <param name="trades">Trade statistics.</param>
    /// <param name="fees">Commissions paid.</param>
    /// <param name="slippage">Slippage and spread paid.</param>
    /// <param name="periodsPerYear">Bars per year, or 0 to infer.</param>
    public static PerformanceSummary Compute(ReadOnlySpan<double> equity, ReadOnlySpan<DateTime> time, double initialCash,
        int barsInMarket, TradeStats trades, double fees, double slippage, double periodsPerYear)
    {
        double a = periodsPerYear > 0 ? periodsPerYear : Annualization.PeriodsPerYear(time);
        int n = equity.Length;
        // Two passes (sum, then squared deviations) instead of Welford's update: every division is independent of the
        // previous iteration, so the loop pipelines; the two-pass variance is at least as accurate.
        double sum = 0, downside = 0, previous = initialCash, peak = initialCash, maxDd = 0;
        for (int t = 0; t < n; t++)
        {
            double e = equity[t], r = e / previous - 1;
            sum += r;
            downside += r < 0 ? r * r : 0;
            peak = Math.Max(peak, e);
            maxDd = Math.Min(maxDd, e / peak - 1);
            previous = e;
        }
        double mean = n > 0 ? sum / n : 0, m2 = 0;
        previous = initialCash;
        for (int t = 0; t < n; t++)
        {
            double d = equity[t] / previous - 1 - mean;
            m2 += d * d;
            previous = equity[t];
        }
        double finalValue = n > 0 ? equity[n - 1] : initialCash, totalReturn = finalValue / initialCash - 1;
        double std = n > 1 ? Math.Sqrt(m2 / (n - 1)) : double.NaN;
        double cagr = n > 0 ? Math.Pow(Math.Abs(1 + totalReturn), a / n) - 1 : double.NaN;
        double downsideDeviation = n > 0 ? Math.Sqrt(downside / n) : 0;
        int closed = trades.Closed;
        return new PerformanceSummary(finalValue, totalReturn, cagr, std * Math.Sqrt(a),
            std > 0 ? mean / std * Math.Sqrt(a) : double.NaN,
            downsideDeviation > 0 ? mean / downsideDeviation * Math.Sqrt(a) : double.NaN,
            maxDd, maxDd < 0 ? cagr / -maxDd : double.NaN, trades.Trades,
            closed > 0 ? (double)trades.Wins / closed : double.NaN,
            trades.GrossLoss > 0 ? trades.GrossWin / trades.GrossLoss : (trades.GrossWin > 0 ? double.PositiveInfinity : double.NaN),
            closed > 0 ? (trades.GrossWin - trades.GrossLoss) / closed : double.NaN,
            n > 0 ? (double)barsInMarket / n : 0, fees, slippage, closed > 0 ? trades.BarsHeld / closed : double.NaN, a);
    }

    /// <summary>The metrics keyed by snake_case name, for JSON and tracking.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        ["final_value"] = FinalValue, ["total_return"] = TotalReturn, ["cagr"] = Cagr, ["volatility"] = Volatility,
        ["sharpe"] = Sharpe, ["sortino"] = Sortino, ["max_drawdown"] = MaxDrawdown, ["calmar"] = Calmar,
        ["trades"] = Trades, ["win_rate"] = WinRate, ["profit_factor"] = ProfitFactor, ["avg_trade"] = AverageTrade,
        ["exposure"] = Exposure, ["total_fees"] = TotalFees, ["slippage_cost"] = SlippageCost,
        ["avg_bars_held"] = AverageBarsHeld, ["periods_per_year"] = PeriodsPerYear,
    };
}
