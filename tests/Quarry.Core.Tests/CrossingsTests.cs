using static Quarry.Core.Tests.AssertEx;

namespace Quarry.Core.Tests;

/// <summary>Crossings follow backtrader's CrossOver: compare the current difference with the last non-zero one.</summary>
public class CrossingsTests
{
    /// <summary>Runs Crossings on a = diff, b = 0, and checks CrossOver/CrossUnder agree with it.</summary>
    static double[] Cross(double[] diff)
    {
        double[] zero = new double[diff.Length], both = new double[diff.Length];
        double[] over = new double[diff.Length], under = new double[diff.Length];
        Indicators.Crossings(diff, zero, both);
        Indicators.CrossOver(diff, zero, over);
        Indicators.CrossUnder(diff, zero, under);
        for (int i = 0; i < diff.Length; i++)
        {
            Assert.Equal(both[i] > 0 ? 1 : 0, over[i]);
            Assert.Equal(both[i] < 0 ? 1 : 0, under[i]);
        }
        return both;
    }

    [Fact]
    public void Plain_cross_up_then_down()
    {
        double[] a = [1, 2, 3, 4, 3, 2], b = [2.5, 2.5, 2.5, 2.5, 2.5, 2.5], d = new double[6];
        Indicators.Crossings(a, b, d);
        Close([0, 0, 1, 0, 0, -1], d, 0);   // differences -1.5 -0.5 +0.5 +1.5 +0.5 -0.5
    }

    [Fact]
    public void Cross_through_a_tie_counts_where_the_difference_turns()
    {
        Close([0, 0, 1], Cross([-1, 0, 1]), 0);
        Close([0, 0, 0, -1], Cross([1, 0, 0, -1]), 0);
    }

    [Fact]
    public void Touch_without_cross_is_not_a_cross()
    {
        Close([0, 0, 0], Cross([-1, 0, -1]), 0);
        Close([0, 0, 0, 0], Cross([1, 0, 0, 2]), 0);
    }

    [Fact]
    public void NaN_gaps_output_zero_and_keep_the_last_sign()
    {
        Close([0, 0, 1], Cross([-1, N, 1]), 0);
        Close([0, 0, 0, -1, 0], Cross([1, N, N, -1, N]), 0);
        Close([0, 0, 0, 0], Cross([N, -1, N, -2]), 0);
        double[] a = [1, 2, N], b = [2, N, 1], d = new double[3];   // differences -1, NaN, NaN: no cross
        Indicators.Crossings(a, b, d);
        Close([0, 0, 0], d, 0);
    }

    [Fact]
    public void Series_starting_at_zero_difference_has_no_previous_sign()
    {
        Close([0, 0, 0, -1], Cross([0, 0, 1, -1]), 0);
        Close([0, 0, 0], Cross([0, -1, -2]), 0);
        Close([0, 0], Cross([1, 2]), 0);   // first bar is never a cross
    }
}
