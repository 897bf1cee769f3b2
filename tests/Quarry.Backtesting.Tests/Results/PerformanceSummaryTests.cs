using Quarry.Backtesting.Results;

namespace Quarry.Backtesting.Tests.Results;

/// <summary>
/// Headline metrics on a three-bar equity curve 110, 99, 118.8 from 100 with 4 periods per year:
/// returns r = 0.1, −0.1, 0.2; mean = 0.2 / 3 = 0.0666…; sample variance = ((0.0333…)² + (−0.1666…)² + (0.1333…)²) / 2 = 0.0233…;
/// std = 0.152753.
/// </summary>
public class PerformanceSummaryTests
{
    static readonly double[] Equity = [110, 99, 118.8];
    static readonly DateTime[] Time = [new(2024, 1, 1), new(2024, 4, 1), new(2024, 7, 1)];
    // 3 trades, 2 closed: one win of 50, one loss of 20, 10 bars held in total
    static readonly TradeStats Stats = new(Trades: 3, Closed: 2, Wins: 1, GrossWin: 50, GrossLoss: 20, BarsHeld: 10);

    static PerformanceSummary Summary(double periodsPerYear = 4) =>
        PerformanceSummary.Compute(Equity, Time, 100, barsInMarket: 2, Stats, fees: 7, slippage: 3, periodsPerYear);

    [Fact]
    public void Return_metrics_follow_their_formulas()
    {
        var s = Summary();
        Assert.Equal(118.8, s.FinalValue);
        AssertClose.Equal(0.188, s.TotalReturn, 1e-12);                 // 118.8 / 100 − 1
        AssertClose.Equal(0.305505046330389, s.Volatility, 1e-12);      // 0.152753 × √4
        AssertClose.Equal(0.872871560943969, s.Sharpe, 1e-12);          // 0.0666… / 0.152753 × √4
        AssertClose.Equal(2.309401076758503, s.Sortino, 1e-12);         // 0.0666… / √((−0.1)² / 3) × √4
        AssertClose.Equal(0.258216146710209, s.Cagr, 1e-12);            // 1.188^(4/3) − 1
        AssertClose.Equal(-0.1, s.MaxDrawdown, 1e-12);                  // 99 / 110 − 1
        AssertClose.Equal(2.582161467102087, s.Calmar, 1e-12);          // 0.258216 / 0.1
        Assert.Equal(4, s.PeriodsPerYear);
    }

    [Fact]
    public void Trade_and_cost_metrics_follow_their_formulas()
    {
        var s = Summary();
        Assert.Equal(3, s.Trades);
        Assert.Equal(0.5, s.WinRate);           // 1 / 2 closed
        Assert.Equal(2.5, s.ProfitFactor);      // 50 / 20
        Assert.Equal(15, s.AverageTrade);       // (50 − 20) / 2
        Assert.Equal(5, s.AverageBarsHeld);     // 10 / 2
        Assert.Equal(2.0 / 3, s.Exposure);      // 2 of 3 bars in the market
        Assert.Equal(7, s.TotalFees);
        Assert.Equal(3, s.SlippageCost);
    }

    [Fact]
    public void Periods_per_year_are_inferred_when_zero()
    {
        // quarterly spacing (91 days) → 4: same metrics as when given explicitly
        Assert.Equal(Summary(4), Summary(0));
    }

    [Fact]
    public void Empty_curve_reports_the_initial_cash_and_no_ratios()
    {
        var s = PerformanceSummary.Compute([], [], 100, 0, default, 0, 0, 252);
        Assert.Equal(100, s.FinalValue);
        Assert.Equal(0, s.TotalReturn);
        Assert.True(double.IsNaN(s.Sharpe) && double.IsNaN(s.WinRate) && double.IsNaN(s.ProfitFactor));
    }
}
