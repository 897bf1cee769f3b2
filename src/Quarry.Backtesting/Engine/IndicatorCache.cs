using System.Collections.Concurrent;
using Quarry.Core;

namespace Quarry.Backtesting.Engine;

/// <summary>
/// Indicator columns computed once per series and shared: by every bar of a backtest and by every run of a sweep
/// over the same data. Thread-safe; returned arrays must be treated as read-only.
/// </summary>
public sealed class IndicatorCache
{
    readonly ConcurrentDictionary<(BarSeries Series, string Key), Lazy<double[]>> _columns = new();

    /// <summary>The column named <paramref name="key"/> of <paramref name="series"/>, computed by <paramref name="compute"/> on first use.</summary>
    public double[] GetOrAdd(BarSeries series, string key, Func<BarSeries, double[]> compute) =>
        _columns.GetOrAdd((series, key), k => new Lazy<double[]>(() => compute(k.Series))).Value;

    /// <summary>Simple moving average of Close.</summary>
    public double[] Sma(BarSeries series, int period) =>
        GetOrAdd(series, $"sma:{period}", s => Column(s.Close, (src, dst) => Indicators.Sma(src, period, dst)));

    /// <summary>Exponential moving average of Close.</summary>
    public double[] Ema(BarSeries series, int period) =>
        GetOrAdd(series, $"ema:{period}", s => Column(s.Close, (src, dst) => Indicators.Ema(src, period, dst)));

    /// <summary>Wilder RSI of Close.</summary>
    public double[] Rsi(BarSeries series, int period) =>
        GetOrAdd(series, $"rsi:{period}", s => Column(s.Close, (src, dst) => Indicators.Rsi(src, period, dst)));

    /// <summary>Rate of change of Close over <paramref name="period"/> bars, a fraction.</summary>
    public double[] Roc(BarSeries series, int period) =>
        GetOrAdd(series, $"roc:{period}", s => Column(s.Close, (src, dst) => Indicators.Roc(src, period, dst)));

    /// <summary>Population standard deviation of Close.</summary>
    public double[] RollingStd(BarSeries series, int period) =>
        GetOrAdd(series, $"std:{period}", s => Column(s.Close, (src, dst) => Indicators.RollingStd(src, period, dst)));

    /// <summary>Highest High over the window ending at each bar.</summary>
    public double[] Highest(BarSeries series, int period) =>
        GetOrAdd(series, $"highest:{period}", s => Column(s.High, (src, dst) => Indicators.Highest(src, period, dst)));

    /// <summary>Lowest Low over the window ending at each bar.</summary>
    public double[] Lowest(BarSeries series, int period) =>
        GetOrAdd(series, $"lowest:{period}", s => Column(s.Low, (src, dst) => Indicators.Lowest(src, period, dst)));

    /// <summary>Wilder ATR.</summary>
    public double[] Atr(BarSeries series, int period) =>
        GetOrAdd(series, $"atr:{period}", s =>
        {
            var dst = new double[s.Count];
            Indicators.Atr(s.High, s.Low, s.Close, period, dst);
            return dst;
        });

    static double[] Column(double[] source, SpanAction kernel)
    {
        var dst = new double[source.Length];
        kernel(source, dst);
        return dst;
    }

    delegate void SpanAction(ReadOnlySpan<double> source, Span<double> destination);
}
