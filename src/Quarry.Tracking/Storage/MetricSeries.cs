namespace Quarry.Tracking.Storage;

/// <summary>
/// One metric's history as columns, in the store's order: by step, then timestamp, then value, NaN behind the numbers
/// of its (step, timestamp); a point logged more than once appears once.
/// </summary>
public sealed class MetricSeries
{
    readonly long[] _steps, _timestamps;
    readonly double[] _values;

    internal MetricSeries(long[] steps, long[] timestamps, double[] values, int count)
    {
        _steps = steps;
        _timestamps = timestamps;
        _values = values;
        Count = count;
    }

    /// <summary>How many points.</summary>
    public int Count { get; }

    /// <summary>Each point's step.</summary>
    public ReadOnlySpan<long> Steps => _steps.AsSpan(0, Count);

    /// <summary>Each point's timestamp (milliseconds since the Unix epoch).</summary>
    public ReadOnlySpan<long> Timestamps => _timestamps.AsSpan(0, Count);

    /// <summary>Each point's value (NaN and ±Infinity included).</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);
}
