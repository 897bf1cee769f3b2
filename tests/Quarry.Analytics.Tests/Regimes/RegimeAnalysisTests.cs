using Quarry.Analytics.Inputs;
using Quarry.Analytics.Regimes;
using Quarry.Core;
using Quarry.Data;
using static Quarry.Analytics.Tests.TestData;

namespace Quarry.Analytics.Tests.Regimes;

public class RegimeAnalysisTests
{
    // Benchmark closes on d0..d7 and a VIX-style index:
    //   close  10   11   12     11      10   9    10     12
    //   SMA3   –    –    11     11.333  11   10   9.667  10.333
    //   trend  –    –    bull   bear    bear bear bull   bull     (close > SMA3)
    //   VIX    15   15   15     25      18   30   12     22
    //   state  –    –    B/C    Br/V    Br/C Br/V B/C    B/V
    static readonly string[] Days = ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10"];
    static readonly TimeSeries Close = Series("BENCH", Days, [10, 11, 12, 11, 10, 9, 10, 12]);
    static readonly TimeSeries Vix = Series("VIX", Days, [15, 15, 15, 25, 18, 30, 12, 22]);
    static readonly RegimeOptions Sma3 = new() { TrendPeriod = 3 };

    // Six strategy returns dated d2..d7. A period takes the state as of the previous strategy date:
    //   d2 0.01 → unclassified (first period), d3 0.02 → state(d2) = bull/calm, d4 −0.03 → bear/volatile,
    //   d5 0.04 → bear/calm, d6 −0.01 → bear/volatile, d7 0.05 → bull/calm.
    static readonly DateTime[] StrategyTime = Dates(Days[2..]);
    static readonly double[] StrategyReturns = [0.01, 0.02, -0.03, 0.04, -0.01, 0.05];

    [Fact]
    public void Classify_uses_the_state_known_at_the_start_of_each_period()
    {
        Assert.Equal(
            [MarketRegime.Unclassified, MarketRegime.BullCalm, MarketRegime.BearVolatile, MarketRegime.BearCalm, MarketRegime.BearVolatile, MarketRegime.BullCalm],
            RegimeAnalysis.Classify(StrategyTime, Close, Vix, Sma3));
    }

    [Fact]
    public void Compute_matches_hand_computation()
    {
        var report = RegimeAnalysis.Compute(StrategyTime, StrategyReturns, Close, Vix, Sma3);
        Assert.Equal(["bull / calm", "bull / volatile", "bear / calm", "bear / volatile", "unclassified"], report.Rows.Select(r => r.Regime));
        Assert.Equal([2, 0, 1, 2, 1], report.Rows.Select(r => r.Days));
        Assert.Equal("BENCH close vs its 3-day SMA", report.TrendSource);
        Assert.Equal("VIX < 20", report.VolatilitySource);

        // bull / calm: [0.02, 0.05]. total = 1.02·1.05 − 1 = 0.071; annual = 1.071^(252/2) − 1;
        // std = |0.05 − 0.02| / √2 = 0.0212132…; vol = std·√252; Sharpe = 0.035 / std · √252; never underwater; hit 2/2.
        var bullCalm = report.Rows[0];
        double std = 0.03 / Math.Sqrt(2);
        Assert.Equal(2.0 / 6, bullCalm.ShareOfDays, 1e-15);
        Assert.Equal(0.071, bullCalm.TotalReturn, 1e-12);
        Assert.Equal(Math.Pow(1.071, 126) - 1, bullCalm.AnnualReturn, 1e-9);
        Assert.Equal(std * Math.Sqrt(252), bullCalm.Volatility, 1e-12);
        Assert.Equal(0.035 / std * Math.Sqrt(252), bullCalm.Sharpe, 1e-9);
        Assert.Equal(0, bullCalm.MaxDrawdown);
        Assert.Equal(1, bullCalm.HitRate);

        // bull / volatile: no days → NaN statistics.
        var bullVolatile = report.Rows[1];
        Assert.Equal(0, bullVolatile.ShareOfDays);
        Assert.True(double.IsNaN(bullVolatile.TotalReturn) && double.IsNaN(bullVolatile.Sharpe) && double.IsNaN(bullVolatile.HitRate));

        // bear / calm: [0.04], one day → volatility and Sharpe need two.
        var bearCalm = report.Rows[2];
        Assert.Equal(0.04, bearCalm.TotalReturn, 1e-15);
        Assert.Equal(Math.Pow(1.04, 252) - 1, bearCalm.AnnualReturn, 1e-6);
        Assert.True(double.IsNaN(bearCalm.Volatility) && double.IsNaN(bearCalm.Sharpe));

        // bear / volatile: [−0.03, −0.01] chained: W = 0.97, 0.9603 → total −0.0397 = max drawdown; hit 0/2.
        var bearVolatile = report.Rows[3];
        Assert.Equal(-0.0397, bearVolatile.TotalReturn, 1e-12);
        Assert.Equal(-0.0397, bearVolatile.MaxDrawdown, 1e-12);
        Assert.Equal(0.02 / Math.Sqrt(2) * Math.Sqrt(252), bearVolatile.Volatility, 1e-12);
        Assert.Equal(0, bearVolatile.HitRate);

        // unclassified: the first period, 0.01.
        Assert.Equal(0.01, report.Rows[4].TotalReturn, 1e-15);
    }

    [Fact]
    public void Strategy_dates_between_benchmark_dates_use_the_latest_earlier_close()
    {
        // Weekly strategy on d3 (Mon 01-06) and Sat 01-11: the second period takes the state as of 01-06 (bear / volatile).
        var time = Dates("2020-01-06", "2020-01-11");
        Assert.Equal([MarketRegime.Unclassified, MarketRegime.BearVolatile], RegimeAnalysis.Classify(time, Close, Vix, Sma3));
        // A strategy date before any benchmark close is unclassified.
        Assert.Equal([MarketRegime.Unclassified, MarketRegime.Unclassified],
            RegimeAnalysis.Classify(Dates("2019-12-30", "2019-12-31"), Close, Vix, Sma3));
    }

    [Fact]
    public void Realised_volatility_replaces_a_missing_index()
    {
        // closes 100, 100.5, 101, 101.5, 90, 91; returns r1..r5 = 0.005, 0.004975, 0.004950, −0.113300, 0.011111.
        // vol_k = std(r_{k−1}, r_k)·√252 (window 2): k=2,3 tiny → calm; k=4: |r4 − r3|/√2·√252 = 0.1182/√2·15.87 ≈ 1.33 → volatile;
        // k=5 volatile. SMA2 = –, 100.25, 100.75, 101.25, 95.75, 90.5 → bull, bull, bull, bear, bull.
        // states: k0 –, k1 – (vol needs k ≥ 2), k2 B/C, k3 B/C, k4 Br/V, k5 B/V; each period takes the previous date's state.
        string[] days = ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08"];
        var close = Series("SPY", days, [100, 100.5, 101, 101.5, 90, 91]);
        var options = new RegimeOptions { TrendPeriod = 2, RealizedVolatilityWindow = 2 };
        Assert.Equal(
            [MarketRegime.Unclassified, MarketRegime.Unclassified, MarketRegime.Unclassified, MarketRegime.BullCalm, MarketRegime.BullCalm, MarketRegime.BearVolatile],
            RegimeAnalysis.Classify(Dates(days), close, null, options));
        var report = RegimeAnalysis.Compute(Dates(days), new double[6], close, null, options);
        Assert.Equal("SPY 2-day realised volatility < 20 %", report.VolatilitySource);
        Assert.Equal([2, 0, 0, 1, 3], report.Rows.Select(r => r.Days));
        Assert.Equal(0, report.Rows[0].HitRate);   // all-zero returns: hit rate 0 (QuantStats win_rate convention)
        Assert.Equal(0, report.Rows[0].TotalReturn);
    }

    [Fact]
    public void Empty_input_gives_five_empty_rows()
    {
        var report = RegimeAnalysis.Compute([], [], Close, Vix, Sma3);
        Assert.Equal(5, report.Rows.Count);
        Assert.All(report.Rows, r => Assert.Equal(0, r.Days));
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        var ex = Assert.Throws<QuarryException>(() => RegimeAnalysis.Compute(StrategyTime, StrategyReturns, Close, Vix, new RegimeOptions { TrendPeriod = 0 }));
        Assert.Equal(ErrorCode.InvalidParameter, ex.Code);
        Assert.Contains("TrendPeriod", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RealizedVolatilityThreshold",
            Assert.Throws<QuarryException>(() => new RegimeOptions { RealizedVolatilityThreshold = double.NaN }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("RealizedVolatilityWindow",
            Assert.Throws<QuarryException>(() => new RegimeOptions { RealizedVolatilityWindow = 1 }.Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Assert.Throws<ArgumentException>(() => RegimeAnalysis.Compute(StrategyTime, [0.1], Close, Vix, Sma3));
    }

    [Fact]
    public void Spy_sample_days_add_up_and_the_first_200_are_unclassified()
    {
        var bars = MarketData.Load(Path.Combine(RepoRoot(), "samples", "data", "spy-2000-2016.csv"));
        var close = new TimeSeries("SPY", bars.Time, bars.Close);
        // Buy-and-hold returns on every SPY date (the first against the first close, so one return per date).
        var returns = ReturnSeries.FromEquity(close, initialValue: bars.Close[0]);
        int n = returns.Count;

        var regimes = RegimeAnalysis.Classify(returns.Time, close, null, RegimeOptions.Default);
        // The 200-day SMA exists from close index 199; period i uses the state at close i − 1, so periods 0..199 are
        // unclassified and period 200 is the first classified one.
        Assert.All(regimes[..200], r => Assert.Equal(MarketRegime.Unclassified, r));
        Assert.All(regimes[200..], r => Assert.NotEqual(MarketRegime.Unclassified, r));

        var report = RegimeAnalysis.Compute(returns.Time, returns.Values, close, null, RegimeOptions.Default);
        Assert.Equal(n, report.Rows.Sum(r => r.Days));
        Assert.Equal(200, report.Rows.Single(r => r.Regime == RegimeAnalysis.Unclassified).Days);
        Assert.Equal(1.0, report.Rows.Sum(r => r.ShareOfDays), 1e-12);
        Assert.All(report.Rows.Take(4), r => Assert.True(r.Days > 0));
        // Bear / volatile is far more volatile than bull / calm (about 33 % vs 12 % a year on this sample).
        Assert.True(report.Rows[3].Volatility > report.Rows[0].Volatility);
    }
}
