namespace Quarry.Core;

/// <summary>
/// A named series of values on strictly increasing timestamps, e.g. daily returns or an equity curve.
/// Arrays are owned by the series and must not be modified after construction.
/// </summary>
public sealed class TimeSeries
{
    /// <summary>Creates a series; does not copy the arrays.</summary>
    /// <exception cref="ArgumentException">Arrays differ in length.</exception>
    public TimeSeries(string name, DateTime[] time, double[] values)
    {
        if (time.Length != values.Length)
            throw new ArgumentException($"Series '{name}': {time.Length} timestamps but {values.Length} values.");
        Name = name;
        Time = time;
        Values = values;
    }

    /// <summary>Name of the series (e.g. the value column's header).</summary>
    public string Name { get; }

    /// <summary>Timestamps, oldest first.</summary>
    public DateTime[] Time { get; }

    /// <summary>Values aligned with <see cref="Time"/>.</summary>
    public double[] Values { get; }

    /// <summary>Number of points.</summary>
    public int Count => Time.Length;
}
