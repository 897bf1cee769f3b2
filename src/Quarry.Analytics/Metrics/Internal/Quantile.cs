using System.Buffers;

namespace Quarry.Analytics.Metrics.Internal;

/// <summary>
/// Linear-interpolation quantiles (numpy <c>percentile</c> / pandas <c>quantile</c> default, Hyndman–Fan type 7) on
/// sorted data, and a pooled sorted copy to take them from.
/// </summary>
internal static class Quantile
{
    /// <summary>
    /// q_p of ascending <paramref name="sorted"/>: h = (n − 1)·p, j = ⌊h⌋, x_(j) + (h − j)·(x_(j+1) − x_(j)), evaluated
    /// as numpy's lerp does (from the upper neighbour when h − j ≥ 0.5). NaN when empty.
    /// </summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        int n = sorted.Length;
        if (n == 0 || double.IsNaN(p)) return double.NaN;
        double h = (n - 1) * p;
        if (h <= 0) return sorted[0];
        if (h >= n - 1) return sorted[n - 1];
        int j = (int)Math.Floor(h);
        double t = h - j, a = sorted[j], b = sorted[j + 1], diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /// <summary>q_p of unsorted <paramref name="values"/> (one pooled copy, sorted). NaN when empty or when a value is NaN.</summary>
    public static double Of(ReadOnlySpan<double> values, double p)
    {
        using var sorted = new SortedCopy(values);
        return sorted.HasNaN ? double.NaN : OfSorted(sorted.Values, p);
    }
}

/// <summary>An ascending copy of a series in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; dispose to return it.</summary>
internal ref struct SortedCopy
{
    double[]? buffer;

    /// <summary>Copies and sorts <paramref name="values"/>.</summary>
    public SortedCopy(ReadOnlySpan<double> values)
    {
        buffer = values.Length == 0 ? null : ArrayPool<double>.Shared.Rent(values.Length);
        Values = buffer is null ? [] : buffer.AsSpan(0, values.Length);
        values.CopyTo(Values);
        Values.Sort();
        HasNaN = Values.Length > 0 && double.IsNaN(Values[0]);   // Sort puts NaN first
    }

    /// <summary>The sorted values (NaN sort first).</summary>
    public Span<double> Values { get; private set; }

    /// <summary>Whether the series holds a NaN.</summary>
    public bool HasNaN { get; }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (buffer is not null) ArrayPool<double>.Shared.Return(buffer);
        buffer = null;
        Values = [];
    }
}
