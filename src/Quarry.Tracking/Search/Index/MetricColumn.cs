namespace Quarry.Tracking.Search.Index;

/// <summary>
/// The latest value of one metric for every run of an index, with its timestamp and step. <see cref="Values"/> holds NaN
/// both for a NaN value and for a missing one, so a filter compares it directly (NaN satisfies no comparison);
/// <see cref="States"/> tells them apart for ordering. Not thread-safe (the owning index's lock guards it).
/// </summary>
internal sealed class MetricColumn
{
    public const byte Missing = 0, Number = 1, NaN = 2;

    public MetricColumn(int capacity)
    {
        Values = new double[capacity];
        Array.Fill(Values, double.NaN);
        States = new byte[capacity];
        Timestamps = new long[capacity];
        Steps = new long[capacity];
    }

    public double[] Values { get; private set; }

    public byte[] States { get; private set; }

    public long[] Timestamps { get; private set; }

    public long[] Steps { get; private set; }

    public void Set(int row, double value, long timestamp, long step)
    {
        Values[row] = value;
        States[row] = double.IsNaN(value) ? NaN : Number;
        Timestamps[row] = timestamp;
        Steps[row] = step;
    }

    public void Clear(int row)
    {
        Values[row] = double.NaN;
        States[row] = Missing;
    }

    public void Grow(int capacity)
    {
        int old = Values.Length;
        var values = Values;
        var states = States;
        var timestamps = Timestamps;
        var steps = Steps;
        Array.Resize(ref values, capacity);
        Array.Resize(ref states, capacity);
        Array.Resize(ref timestamps, capacity);
        Array.Resize(ref steps, capacity);
        Array.Fill(values, double.NaN, old, capacity - old);
        Values = values;
        States = states;
        Timestamps = timestamps;
        Steps = steps;
    }
}
