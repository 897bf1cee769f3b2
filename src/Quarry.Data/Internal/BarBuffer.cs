using Quarry.Core;

namespace Quarry.Data.Internal;

/// <summary>Accumulates valid bars column by column with their line numbers, then orders them into a series.</summary>
internal sealed class BarBuffer(int capacity, bool hasAdjClose)
{
    DateTime[] _time = new DateTime[capacity];
    double[] _open = new double[capacity], _high = new double[capacity], _low = new double[capacity];
    double[] _close = new double[capacity], _volume = new double[capacity];
    double[]? _adj = hasAdjClose ? new double[capacity] : null;
    int[] _lines = new int[capacity];

    public int Count { get; private set; }

    public void Add(in BarRow row, int line)
    {
        if (Count == _time.Length) Resize(Math.Max(16, Count * 2));
        int i = Count++;
        _time[i] = row.Time;
        _open[i] = row.Open;
        _high[i] = row.High;
        _low[i] = row.Low;
        _close[i] = row.Close;
        _volume[i] = row.Volume;
        if (_adj is not null) _adj[i] = row.AdjClose;
        _lines[i] = line;
    }

    /// <summary>Builds the ascending series, or returns null after reporting order problems.</summary>
    public BarSeries? ToSeries(string symbol, bool sort, string timeField, string sortFix, IssueSink sink)
    {
        Resize(Count);
        int before = sink.Count;
        var order = TimeOrder.Resolve(_time, _lines, sort, timeField, sortFix, sink);
        if (sink.Count > before) return null;
        if (order is not null) Permute(order);
        return new BarSeries(symbol, _time, _open, _high, _low, _close, _volume, _adj);
    }

    void Resize(int size)
    {
        if (size == _time.Length) return;
        Array.Resize(ref _time, size);
        Array.Resize(ref _open, size);
        Array.Resize(ref _high, size);
        Array.Resize(ref _low, size);
        Array.Resize(ref _close, size);
        Array.Resize(ref _volume, size);
        if (_adj is not null) Array.Resize(ref _adj, size);
        Array.Resize(ref _lines, size);
    }

    void Permute(int[] order)
    {
        _time = Apply(_time, order);
        _open = Apply(_open, order);
        _high = Apply(_high, order);
        _low = Apply(_low, order);
        _close = Apply(_close, order);
        _volume = Apply(_volume, order);
        if (_adj is not null) _adj = Apply(_adj, order);
    }

    static T[] Apply<T>(T[] source, int[] order)
    {
        var result = new T[source.Length];
        for (int i = 0; i < order.Length; i++) result[i] = source[order[i]];
        return result;
    }
}
