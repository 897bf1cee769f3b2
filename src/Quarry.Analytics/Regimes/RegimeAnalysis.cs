using System.Globalization;
using Quarry.Core;

namespace Quarry.Analytics.Regimes;

/// <summary>
/// Splits a strategy's return periods into four market regimes and reports how it did in each.
/// <para>Trend: the benchmark's close above its <see cref="RegimeOptions.TrendPeriod"/>-bar SMA is bull, at or below
/// it bear. Volatility: with a volatility index (e.g. VIX), a level below
/// <see cref="RegimeOptions.VolatilityIndexThreshold"/> is calm, at or above it volatile; without one, the benchmark's
/// realised volatility — the sample standard deviation (ddof 1) of its last
/// <see cref="RegimeOptions.RealizedVolatilityWindow"/> close-to-close returns × √<see cref="RegimeOptions.BenchmarkPeriodsPerYear"/>
/// — below <see cref="RegimeOptions.RealizedVolatilityThreshold"/> is calm.</para>
/// <para>No look-ahead: the state "as of" a strategy date uses the latest benchmark (and index) value at or before
/// that date, and a return period is assigned the state as of the <b>previous</b> strategy date's close, i.e. what was
/// known when the period started. The first period, and periods whose start precedes the SMA / volatility warm-up or
/// the first benchmark / index value, are <see cref="MarketRegime.Unclassified"/> — reported as a row, never dropped.
/// Timestamps are compared exactly, so daily series with midnight timestamps match by date.</para>
/// Stateless and thread-safe; allocates per call.
/// </summary>
public static class RegimeAnalysis
{
    /// <summary>Row label of <see cref="MarketRegime.BullCalm"/>.</summary>
    public const string BullCalm = "bull / calm";
    /// <summary>Row label of <see cref="MarketRegime.BullVolatile"/>.</summary>
    public const string BullVolatile = "bull / volatile";
    /// <summary>Row label of <see cref="MarketRegime.BearCalm"/>.</summary>
    public const string BearCalm = "bear / calm";
    /// <summary>Row label of <see cref="MarketRegime.BearVolatile"/>.</summary>
    public const string BearVolatile = "bear / volatile";
    /// <summary>Row label of <see cref="MarketRegime.Unclassified"/>.</summary>
    public const string Unclassified = "unclassified";

    /// <summary>The row label of a regime, e.g. "bull / calm".</summary>
    public static string Label(MarketRegime regime) => regime switch
    {
        MarketRegime.BullCalm => BullCalm,
        MarketRegime.BullVolatile => BullVolatile,
        MarketRegime.BearCalm => BearCalm,
        MarketRegime.BearVolatile => BearVolatile,
        _ => Unclassified,
    };

    /// <summary>
    /// Per-regime statistics of <paramref name="strategyReturns"/>: rows in the order bull / calm, bull / volatile,
    /// bear / calm, bear / volatile, unclassified (always five rows; their days sum to the number of returns). Within a
    /// regime: compounded return, <c>(1 + total)^(A / days) − 1</c>, <c>std·√A</c> (ddof 1), <c>mean / std·√A</c>
    /// (rf = 0), max drawdown of the regime's returns chained in date order from a baseline of 1, and hit rate
    /// <c>#{r &gt; 0} / #{r ≠ 0}</c> (0 when every return is 0), with <c>A</c> = <see cref="RegimeOptions.PeriodsPerYear"/>.
    /// A regime without days has NaN statistics; volatility and Sharpe need 2 days (NaN otherwise; Sharpe is ±∞ when the
    /// returns are constant and non-zero). NaN and ±∞ returns count as 0 (spec §2.1). Empty input gives five empty rows
    /// with a NaN share.
    /// </summary>
    /// <param name="time">Timestamps of the strategy returns, increasing.</param>
    /// <param name="strategyReturns">Strategy simple returns per period.</param>
    /// <param name="benchmarkClose">Benchmark closing prices (e.g. SPY), increasing timestamps.</param>
    /// <param name="volatilityIndex">A volatility index such as VIX in index points, or null to use the benchmark's realised volatility.</param>
    /// <param name="options">Regime definition; null for <see cref="RegimeOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The time and return arrays differ in length.</exception>
    /// <exception cref="QuarryException">Invalid <paramref name="options"/> (<see cref="ErrorCode.InvalidParameter"/>).</exception>
    public static RegimeReport Compute(DateTime[] time, double[] strategyReturns, TimeSeries benchmarkClose,
        TimeSeries? volatilityIndex, RegimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(strategyReturns);
        if (time.Length != strategyReturns.Length)
            throw new ArgumentException($"{time.Length} timestamps but {strategyReturns.Length} strategy returns.", nameof(strategyReturns));
        options ??= RegimeOptions.Default;
        var regimes = Classify(time, benchmarkClose, volatilityIndex, options);
        MarketRegime[] order = [MarketRegime.BullCalm, MarketRegime.BullVolatile, MarketRegime.BearCalm, MarketRegime.BearVolatile, MarketRegime.Unclassified];
        var rows = new List<RegimeStats>(order.Length);
        foreach (var regime in order)
            rows.Add(RegimeStatistics.Compute(Label(regime), Select(strategyReturns, regimes, regime), time.Length, options.PeriodsPerYear));
        return new RegimeReport(rows, TrendSource(benchmarkClose, options), VolatilitySource(benchmarkClose, volatilityIndex, options));
    }

    /// <summary>
    /// The regime of each return period dated <paramref name="time"/>: element <c>i</c> is the state as of
    /// <c>time[i − 1]</c> (see the class remarks); element 0 is always <see cref="MarketRegime.Unclassified"/>.
    /// Allocates the result and the indicator columns.
    /// </summary>
    /// <param name="time">Timestamps of the return periods, increasing.</param>
    /// <param name="benchmarkClose">Benchmark closing prices, increasing timestamps.</param>
    /// <param name="volatilityIndex">A volatility index in index points, or null for the benchmark's realised volatility.</param>
    /// <param name="options">Regime definition; null for <see cref="RegimeOptions.Default"/>.</param>
    /// <exception cref="QuarryException">Invalid <paramref name="options"/> (<see cref="ErrorCode.InvalidParameter"/>).</exception>
    public static MarketRegime[] Classify(DateTime[] time, TimeSeries benchmarkClose, TimeSeries? volatilityIndex,
        RegimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(benchmarkClose);
        options ??= RegimeOptions.Default;
        options.Validate();
        var close = benchmarkClose.Values;
        var sma = new double[close.Length];
        Indicators.Sma(close, options.TrendPeriod, sma);
        double[] volatility;
        double threshold;
        if (volatilityIndex is not null)
        {
            volatility = volatilityIndex.Values;
            threshold = options.VolatilityIndexThreshold;
        }
        else
        {
            volatility = RealizedVolatility(close, options.RealizedVolatilityWindow, options.BenchmarkPeriodsPerYear);
            threshold = options.RealizedVolatilityThreshold;
        }
        var volatilityTime = volatilityIndex?.Time ?? benchmarkClose.Time;
        var result = new MarketRegime[time.Length];
        int k = -1, m = -1;
        for (int i = 1; i < time.Length; i++)
        {
            var known = time[i - 1];
            while (k + 1 < close.Length && benchmarkClose.Time[k + 1] <= known) k++;
            while (m + 1 < volatility.Length && volatilityTime[m + 1] <= known) m++;
            result[i] = State(k < 0 ? double.NaN : close[k], k < 0 ? double.NaN : sma[k], m < 0 ? double.NaN : volatility[m], threshold);
        }
        return result;
    }

    static MarketRegime State(double close, double sma, double volatility, double threshold)
    {
        if (!double.IsFinite(close) || !double.IsFinite(sma) || !double.IsFinite(volatility)) return MarketRegime.Unclassified;
        bool bull = close > sma, calm = volatility < threshold;
        return bull ? (calm ? MarketRegime.BullCalm : MarketRegime.BullVolatile) : (calm ? MarketRegime.BearCalm : MarketRegime.BearVolatile);
    }

    /// <summary>vol[k] = std(ret[k−w+1..k], ddof 1)·√A with ret[k] = close[k]/close[k−1] − 1; NaN for k &lt; w.</summary>
    internal static double[] RealizedVolatility(double[] close, int window, double periodsPerYear)
    {
        var returns = new double[close.Length];
        if (returns.Length > 0) returns[0] = double.NaN;
        for (int k = 1; k < close.Length; k++) returns[k] = close[k] / close[k - 1] - 1;
        var volatility = new double[close.Length];
        Indicators.RollingStd(returns, window, volatility, ddof: 1);
        double scale = Math.Sqrt(periodsPerYear);
        for (int k = 0; k < volatility.Length; k++) volatility[k] *= scale;
        return volatility;
    }

    static double[] Select(double[] returns, MarketRegime[] regimes, MarketRegime regime)
    {
        var selected = new List<double>();
        for (int i = 0; i < returns.Length; i++)
            if (regimes[i] == regime) selected.Add(double.IsFinite(returns[i]) ? returns[i] : 0);
        return [.. selected];
    }

    static string TrendSource(TimeSeries benchmark, RegimeOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"{benchmark.Name} close vs its {options.TrendPeriod}-day SMA");

    static string VolatilitySource(TimeSeries benchmark, TimeSeries? index, RegimeOptions options) => index is not null
        ? string.Create(CultureInfo.InvariantCulture, $"{index.Name} < {options.VolatilityIndexThreshold:0.##}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{benchmark.Name} {options.RealizedVolatilityWindow}-day realised volatility < {options.RealizedVolatilityThreshold * 100:0.##} %");
}
