using Quarry.Server.Dashboard.Data;

namespace Quarry.Server.Tests.Dashboard;

public sealed class MetricDownsamplerTests
{
    static MetricSeries Run(int n, Func<int, double> value, int budget = 1000)
    {
        var sampler = new MetricDownsampler(n, budget);
        for (int i = 0; i < n; i++) sampler.Add(i, 1000 + i, value(i));
        return sampler.Finish();
    }

    [Fact]
    public void A_history_within_the_budget_is_kept_whole_NaN_included()
    {
        var s = Run(1000, i => i == 7 ? double.NaN : i * 0.5);
        Assert.Equal(1000, s.Steps.Length);
        Assert.False(s.Downsampled);
        Assert.True(double.IsNaN(s.Values[7]));
        Assert.Equal(1007, s.Timestamps[7]);
    }

    [Fact]
    public void A_long_history_keeps_each_buckets_low_and_high_and_the_last_point()
    {
        // 100,000 points, budget 1,000: buckets of ⌈100,000 / 499⌉ = 201 points, so 498 of them (the last has 103), each
        // giving its low and high (996 points), plus the last point unless it is already one of those
        var s = Run(100_000, i => i == 54_321 ? 50 : i == 77_777 ? -50 : Math.Sin(i / 1000.0));
        Assert.True(s.Downsampled);
        Assert.InRange(s.Steps.Length, 996, 997);
        Assert.Equal(100_000, s.SourcePoints);
        Assert.Equal(s.Steps.Order(), s.Steps);
        Assert.Equal(50, s.Values.Max());
        Assert.Equal(54_321, s.Steps[Array.IndexOf(s.Values, 50.0)]);
        Assert.Equal(-50, s.Values.Min());
        Assert.Equal(0, s.Steps[0]);
        Assert.Equal(99_999, s.Steps[^1]);
    }

    [Fact]
    public void Each_bucket_contributes_its_minimum_then_maximum_in_step_order()
    {
        // budget 5 → 2 buckets of 5 points: [3,1,4,1,5] → 1 (step 1), 5 (step 4); [9,2,6,5,3] → 9 (step 5), 2 (step 6); last point 3 (step 9)
        double[] values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        var s = Run(values.Length, i => values[i], budget: 5);
        Assert.Equal([1L, 4, 5, 6, 9], s.Steps);
        Assert.Equal([1.0, 5, 9, 2, 3], s.Values);
    }

    [Fact]
    public void A_bucket_without_a_finite_value_is_a_gap()
    {
        var s = Run(10, i => i < 5 ? double.NaN : i, budget: 5);
        Assert.True(double.IsNaN(s.Values[0]));
        Assert.Equal(0, s.Steps[0]);
        Assert.Equal([5.0, 9], s.Values[1..]);
    }

    [Fact]
    public void Points_beyond_the_announced_total_fall_into_the_last_bucket()
    {
        var sampler = new MetricDownsampler(10, 5);
        for (int i = 0; i < 30; i++) sampler.Add(i, i, i == 20 ? 100 : i);
        var s = sampler.Finish();
        Assert.Equal(30, s.SourcePoints);
        Assert.True(s.Steps.Length <= 5);
        Assert.Contains(100.0, s.Values);
        Assert.Equal(29, s.Steps[^1]);
    }

    [Fact]
    public void An_empty_history_gives_an_empty_series()
    {
        var s = new MetricDownsampler(0).Finish();
        Assert.Empty(s.Steps);
        Assert.Equal(0, s.SourcePoints);
    }
}
