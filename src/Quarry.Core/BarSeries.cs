namespace Quarry.Core;

/// <summary>
/// OHLCV bars of one symbol stored column by column, oldest first, timestamps strictly increasing.
/// Arrays are owned by the series and must not be modified after construction. Immutable and thread-safe.
/// </summary>
public sealed class BarSeries
{
    /// <summary>Creates a series from columns of equal length. Does not copy the arrays.</summary>
    /// <exception cref="ArgumentException">Columns differ in length.</exception>
    public BarSeries(string symbol, DateTime[] time, double[] open, double[] high, double[] low, double[] close,
        double[] volume, double[]? adjClose = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        int n = time.Length;
        if (open.Length != n || high.Length != n || low.Length != n || close.Length != n || volume.Length != n
            || (adjClose is not null && adjClose.Length != n))
            throw new ArgumentException($"Series '{symbol}': all columns must have {n} values.");
        Symbol = symbol;
        Time = time;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
        AdjClose = adjClose;
    }

    /// <summary>The symbol, usually the file name without extension.</summary>
    public string Symbol { get; }

    /// <summary>Bar timestamps (start of the bar for intraday data, the session date for daily data).</summary>
    public DateTime[] Time { get; }

    /// <summary>Opening prices.</summary>
    public double[] Open { get; }

    /// <summary>Highest prices.</summary>
    public double[] High { get; }

    /// <summary>Lowest prices.</summary>
    public double[] Low { get; }

    /// <summary>Closing prices.</summary>
    public double[] Close { get; }

    /// <summary>Traded volume (0 when the source has none).</summary>
    public double[] Volume { get; }

    /// <summary>Dividend- and split-adjusted close when the source has it, otherwise null.</summary>
    public double[]? AdjClose { get; }

    /// <summary>Number of bars.</summary>
    public int Count => Time.Length;

    /// <summary>
    /// Returns the bars with <c>start &lt;= time &lt;= end</c> (either bound may be null). Copies the selected range.
    /// </summary>
    public BarSeries Slice(DateTime? start, DateTime? end)
    {
        int from = start is null ? 0 : LowerBound(start.Value);
        int to = end is null ? Count : UpperBound(end.Value);
        if (from == 0 && to == Count) return this;
        if (to < from) to = from;
        return new BarSeries(Symbol, Time[from..to], Open[from..to], High[from..to], Low[from..to], Close[from..to],
            Volume[from..to], AdjClose?[from..to]);
    }

    /// <summary>
    /// Returns a series whose Open, High, Low and Close are scaled by AdjClose / Close bar by bar
    /// (the adjustment backtrader and Yahoo apply). Volume is unchanged.
    /// </summary>
    /// <exception cref="QuarryException">The series has no adjusted close.</exception>
    public BarSeries Adjusted()
    {
        if (AdjClose is null)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Series '{Symbol}' has no 'Adj Close' column, so it cannot be adjusted (fix: drop --adjust or use a file with Adj Close).");
        int n = Count;
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n];
        for (int i = 0; i < n; i++)
        {
            double factor = AdjClose[i] / Close[i];
            o[i] = Open[i] * factor;
            h[i] = High[i] * factor;
            l[i] = Low[i] * factor;
            c[i] = AdjClose[i];
        }
        return new BarSeries(Symbol, Time, o, h, l, c, Volume, AdjClose);
    }

    /// <summary>Returns the same bars under another symbol.</summary>
    public BarSeries WithSymbol(string symbol) => new(symbol, Time, Open, High, Low, Close, Volume, AdjClose);

    int LowerBound(DateTime t)
    {
        int i = Array.BinarySearch(Time, t);
        return i >= 0 ? i : ~i;
    }

    int UpperBound(DateTime t)
    {
        int i = Array.BinarySearch(Time, t);
        return i >= 0 ? i + 1 : ~i;
    }
}
