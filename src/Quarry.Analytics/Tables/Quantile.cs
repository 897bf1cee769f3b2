namespace Quarry.Analytics.Tables;

/// <summary>Linear-interpolation quantile (numpy / pandas default, Hyndman–Fan type 7), spec §1.</summary>
internal static class Quantile
{
    /// <summary>
    /// <c>q_p</c> of <paramref name="values"/>: sort ascending, <c>h = (n − 1)·p</c>, <c>j = ⌊h⌋</c>,
    /// <c>x_(j) + (h − j)·(x_(j+1) − x_(j))</c>. NaN for empty input. Sorts a copy.
    /// </summary>
    public static double Linear(ReadOnlySpan<double> values, double p)
    {
        if (values.IsEmpty) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double h = (sorted.Length - 1) * p;
        int j = (int)Math.Floor(h);
        return j >= sorted.Length - 1 ? sorted[^1] : sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
    }
}
