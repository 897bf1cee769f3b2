namespace Quarry.Analytics.Metrics.Internal;

/// <summary>
/// Order statistics without a full sort, for long series: a histogram of the values over [min, max] (a monotone bucket
/// index, so a bucket's values all lie between those of the buckets around it) tells which few values can hold the
/// wanted ranks; only those are gathered and sorted. Three branch-light passes plus small sorts, against the
/// mispredicted branches of sorting thousands of values. Falls back to a full sort for short or degenerate series.
/// Values must not be NaN.
/// </summary>
internal static class OrderStatistics
{
    const int Buckets = 1024;

    /// <summary>
    /// Writes the <paramref name="low"/> smallest values of <paramref name="x"/> in ascending order to the start of
    /// <paramref name="destination"/> and the <paramref name="high"/> largest in ascending order to its end (each
    /// possibly a few more); what lies between is unspecified. Returns how many leading and trailing positions hold
    /// their exact rank-ordered value (the whole length, twice, when everything was sorted).
    /// </summary>
    public static (int Low, int High) PartialSort(ReadOnlySpan<double> x, int low, int high, Span<double> destination)
    {
        int n = x.Length;
        destination = destination[..n];
        if (n < 256 || 4 * (low + high) >= n || !Range(x, out double min, out double scale))
            return FullSort(x, destination);

        Span<int> counts = stackalloc int[Buckets];
        foreach (double v in x) counts[Bucket(v, min, scale)]++;
        int lowBucket = 0, lowCount = counts[0];
        while (lowCount < low) lowCount += counts[++lowBucket];
        int highBucket = Buckets - 1, highCount = counts[Buckets - 1];
        while (highCount < high) highCount += counts[--highBucket];
        if (lowBucket >= highBucket || lowCount + highCount > n / 2) return FullSort(x, destination);

        int li = 0, hi = n - highCount;
        foreach (double v in x)
        {
            int b = Bucket(v, min, scale);
            if (b <= lowBucket) destination[li++] = v;
            else if (b >= highBucket) destination[hi++] = v;
        }
        destination[..lowCount].Sort();
        destination[(n - highCount)..].Sort();
        return (lowCount, highCount);
    }

    /// <summary>The value of rank <paramref name="rank"/> (0 = smallest) of <paramref name="x"/>, using <paramref name="scratch"/> (length ≥ n).</summary>
    public static double Select(ReadOnlySpan<double> x, int rank, Span<double> scratch)
    {
        int n = x.Length;
        if (n < 256 || !Range(x, out double min, out double scale))
        {
            x.CopyTo(scratch);
            scratch[..n].Sort();
            return scratch[rank];
        }
        Span<int> counts = stackalloc int[Buckets];
        foreach (double v in x) counts[Bucket(v, min, scale)]++;
        int bucket = 0, before = 0;
        while (before + counts[bucket] <= rank) before += counts[bucket++];
        int k = 0;
        foreach (double v in x)
            if (Bucket(v, min, scale) == bucket) scratch[k++] = v;
        scratch[..k].Sort();
        return scratch[rank - before];
    }

    static (int, int) FullSort(ReadOnlySpan<double> x, Span<double> destination)
    {
        x.CopyTo(destination);
        destination.Sort();
        return (x.Length, x.Length);
    }

    /// <summary>min and the bucket scale; false when the values are all equal or not finite.</summary>
    static bool Range(ReadOnlySpan<double> x, out double min, out double scale)
    {
        min = x[0];
        double max = x[0];
        foreach (double v in x)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        scale = Buckets / (max - min);
        return max > min && double.IsFinite(scale) && scale > 0;
    }

    /// <summary>A non-decreasing function of v with values in [0, Buckets − 1].</summary>
    static int Bucket(double v, double min, double scale) => Math.Min((int)((v - min) * scale), Buckets - 1);
}
