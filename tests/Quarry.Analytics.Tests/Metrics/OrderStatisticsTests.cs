using Quarry.Analytics.Metrics;
using Quarry.Analytics.Metrics.Internal;

namespace Quarry.Analytics.Tests.Metrics;

/// <summary>The tail-only ordering behind the table's quantiles, and the selection behind beta fragility, against full sorts.</summary>
public class OrderStatisticsTests
{
    public static TheoryData<string> Shapes => ["normal", "ties", "outlier", "constant", "short"];

    static double[] Series(string shape)
    {
        double[] x = Fixtures.Random(shape == "short" ? 100 : 4000, seed: shape.Length);
        if (shape == "ties") x = Array.ConvertAll(x, v => Math.Round(v, 3));
        if (shape == "outlier") x[17] = 1e6;
        if (shape == "constant") Array.Fill(x, 0.01);
        return x;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Partial_sort_orders_both_tails_exactly(string shape)
    {
        double[] x = Series(shape), sorted = (double[])x.Clone(), destination = new double[x.Length];
        Array.Sort(sorted);
        int wantLow = x.Length / 16, wantHigh = x.Length / 17;
        var (low, high) = OrderStatistics.PartialSort(x, wantLow, wantHigh, destination);
        Assert.True(low >= wantLow && high >= wantHigh);
        for (int i = 0; i < low; i++) Assert.Equal(sorted[i], destination[i]);
        for (int i = x.Length - high; i < x.Length; i++) Assert.Equal(sorted[i], destination[i]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Select_returns_the_value_of_a_rank(string shape)
    {
        double[] x = Series(shape), sorted = (double[])x.Clone(), scratch = new double[x.Length];
        Array.Sort(sorted);
        foreach (int rank in new[] { 0, 1, x.Length / 2, x.Length - 1 })
            Assert.Equal(sorted[rank], OrderStatistics.Select(x, rank, scratch));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Beta_fragility_matches_a_stable_sort(string shape)
    {
        double[] b = Series(shape), r = Fixtures.Random(b.Length, seed: 99);
        // empyrical: stable sort of the pairs by b; first, middle (round-half-even(n/2)) and last
        var pairs = r.Zip(b).OrderBy(p => p.Second).ToArray();   // OrderBy is stable
        var (rs, bs) = pairs[0];
        var (rm, bm) = pairs[(int)Math.Round(pairs.Length / 2.0, MidpointRounding.ToEven)];
        var (re, be) = pairs[^1];
        double ws = be == bs ? 0.5 : (bm - bs) / (be - bs), we = be == bs ? 0.5 : (be - bm) / (be - bs);
        Approx.Equal(ws * rs + we * re - rm, Stats.BetaFragilityHeuristic(r, b), 1e-12, 1e-15);
    }
}
