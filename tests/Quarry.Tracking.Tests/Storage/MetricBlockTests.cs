using Quarry.Core;
using Quarry.Tracking.Storage;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Tests.Storage;

public class MetricBlockTests
{
    static MetricSeries Decode(params byte[][] blocks)
    {
        var builder = new MetricSeriesBuilder();
        foreach (var block in blocks) MetricBlock.Decode(block, builder, "run", "key");
        return builder.Build();
    }

    [Fact]
    public void A_block_holds_format_1_then_steps_timestamps_and_values_little_endian()
    {
        var data = MetricBlock.Encode([7], [0x0102], [1.0]);
        Assert.Equal(25, data.Length);
        Assert.Equal(1, data[0]);
        Assert.Equal([7, 0, 0, 0, 0, 0, 0, 0], data[1..9]);
        Assert.Equal([2, 1, 0, 0, 0, 0, 0, 0], data[9..17]);
        Assert.Equal(BitConverter.GetBytes(1.0), data[17..25]); // IEEE 754 1.0 = 0x3FF0000000000000
    }

    [Fact]
    public void Special_values_round_trip()
    {
        double[] values = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.MaxValue, double.Epsilon];
        long[] steps = [.. Enumerable.Range(0, values.Length).Select(i => (long)i)];
        long[] stamps = [long.MinValue, -1, 0, 1, long.MaxValue, 42];
        var series = Decode(MetricBlock.Encode(steps, stamps, values));
        Assert.Equal(steps, series.Steps.ToArray());
        Assert.Equal(stamps, series.Timestamps.ToArray());
        Assert.Equal(values, series.Values.ToArray());
        Assert.True(double.IsNegative(series.Values[3]));
    }

    [Fact]
    public void Blocks_merge_sorted_by_step_timestamp_then_value_with_NaN_last_and_each_point_once()
    {
        var first = MetricBlock.Encode([2, 1, 1], [5, 9, 3], [0.5, double.NaN, 4]);
        var second = MetricBlock.Encode([1, 1, 2, 1], [9, 9, 5, 9], [2, double.NaN, 0.5, -3]);
        var series = Decode(first, second);
        Assert.Equal([1L, 1, 1, 1, 2], series.Steps.ToArray());
        Assert.Equal([3L, 9, 9, 9, 5], series.Timestamps.ToArray());
        Assert.Equal([4, -3, 2, double.NaN, 0.5], series.Values.ToArray());
    }

    [Fact]
    public void Zero_and_negative_zero_are_one_point_as_in_the_rows_primary_key()
    {
        var series = Decode(MetricBlock.Encode([0, 0], [1, 1], [0.0, -0.0]));
        Assert.Equal(1, series.Count);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0 })]
    public void A_damaged_block_is_an_error_naming_the_run_and_key(byte[] data)
    {
        var e = Assert.Throws<QuarryException>(() => Decode(data));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("metric 'key' of run run", e.Message);
    }
}
