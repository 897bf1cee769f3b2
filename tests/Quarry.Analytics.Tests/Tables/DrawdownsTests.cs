using Quarry.Analytics.Tables;
using static Quarry.Analytics.Tests.TestData;

namespace Quarry.Analytics.Tests.Tables;

public class DrawdownsTests
{
    // r = [0.1, −0.2, 0.05, 0.1, 0.2, −0.1, 0.05] on Wed 2020-01-01 … Thu 2020-01-09 (weekend skipped).
    // W (W_0 = 1): 1.1, 0.88, 0.924, 1.0164, 1.21968, 1.097712, 1.1525976
    // P:           1.1, 1.1,  1.1,   1.1,    1.21968, 1.21968,  1.21968
    // dd = W/P − 1: 0, −0.2, −0.16, −0.076, 0, −0.1, −0.055
    static readonly double[] Returns = [0.1, -0.2, 0.05, 0.1, 0.2, -0.1, 0.05];
    static readonly DateTime[] Time = Dates("2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09");

    [Fact]
    public void Series_uses_the_unit_baseline()
    {
        Close([0, -0.2, -0.16, -0.076, 0, -0.1, -0.055], Drawdowns.Series(Returns), 1e-12);
    }

    [Fact]
    public void Series_counts_a_first_period_loss_as_a_drawdown()
    {
        // W_1 = 0.95 < W_0 = 1 → dd_1 = −0.05 (spec §7 item 10).
        Close([-0.05, -0.0025], Drawdowns.Series([-0.05, 0.05]), 1e-15);   // 0.95·1.05 = 0.9975
    }

    [Fact]
    public void Series_writes_zero_not_negative_zero_and_treats_NaN_as_zero()
    {
        var dd = Drawdowns.Series([0.0, double.NaN, 0.01]);
        Assert.All(dd, v => Assert.False(double.IsNegative(v)));
        Assert.Equal([0.0, 0, 0], dd);
    }

    [Fact]
    public void Series_into_a_short_destination_throws()
    {
        Assert.Throws<ArgumentException>(() => Drawdowns.Series([0.1, 0.2], new double[1]));
    }

    [Fact]
    public void Episodes_match_hand_computation_deepest_first()
    {
        var episodes = Drawdowns.Episodes(Time, Returns);
        Assert.Equal(2, episodes.Count);

        // Episode 1: rows 01-02 … 01-06, valley 01-02 (−0.2), peak regained on 01-07.
        // days = (01-06 − 01-02) + 1 = 5; 99 %: y = [0.2, 0.16, 0.076] sorted [0.076, 0.16, 0.2], h = 2·0.99 = 1.98,
        // q = 0.16 + 0.98·0.04 = 0.1992; kept y < q: {0.076, 0.16}; −max = −0.16. Recovery days 01-02 → 01-07 = 5.
        var first = episodes[0];
        Assert.Equal(D("2020-01-02"), first.Start);
        Assert.Equal(D("2020-01-02"), first.Valley);
        Assert.Equal(D("2020-01-07"), first.End);
        Assert.Equal(D("2020-01-06"), first.LastUnderwater);
        Assert.Equal(5, first.Days);
        Assert.Equal(3, first.Periods);
        Assert.Equal(-0.2, first.Depth, 1e-12);
        Assert.Equal(-0.16, first.Depth99, 1e-12);
        Assert.Equal(5, first.RecoveryDays);

        // Episode 2: rows 01-08 … 01-09, still underwater. days = 1 + 1 = 2; y = [0.1, 0.055],
        // q = 0.055 + 0.99·0.045 = 0.09955, kept {0.055} → −0.055.
        var second = episodes[1];
        Assert.Equal(D("2020-01-08"), second.Start);
        Assert.Equal(D("2020-01-08"), second.Valley);
        Assert.Null(second.End);
        Assert.Equal(D("2020-01-09"), second.LastUnderwater);
        Assert.Equal(2, second.Days);
        Assert.Equal(2, second.Periods);
        Assert.Equal(-0.1, second.Depth, 1e-12);
        Assert.Equal(-0.055, second.Depth99, 1e-12);
        Assert.Null(second.RecoveryDays);
    }

    [Fact]
    public void Episodes_are_sorted_by_depth_then_start()
    {
        // r = [−0.05, 0.1, −0.1, 0.2]: W = 0.95, 1.045 (new peak), 0.9405, 1.1286 (new peak) → dd = −0.05, 0, −0.1, 0
        var episodes = Drawdowns.Episodes(Dates("2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"), [-0.05, 0.1, -0.1, 0.2]);
        Assert.Equal([D("2020-01-03"), D("2020-01-01")], episodes.Select(e => e.Start));
        Assert.Equal([-0.1, -0.05], episodes.Select(e => Math.Round(e.Depth, 12)));
    }

    [Fact]
    public void Episode_starting_on_the_first_row_is_reported_even_when_alone()
    {
        // QuantStats returns an empty table here; Quarry reports the episode (documented deviation).
        // r = [−0.1, 0.05]: W = 0.9, 0.945 → dd = −0.1, −0.055; never recovers.
        var episodes = Drawdowns.Episodes(Dates("2020-01-01", "2020-01-02"), [-0.1, 0.05]);
        var e = Assert.Single(episodes);
        Assert.Equal(D("2020-01-01"), e.Start);
        Assert.Equal(D("2020-01-01"), e.Valley);
        Assert.Null(e.End);
        Assert.Equal(2, e.Days);
        Assert.Equal(-0.1, e.Depth, 1e-12);
        Assert.Equal(-0.055, e.Depth99, 1e-12);
    }

    [Fact]
    public void Single_loss_gives_one_row_episode_with_NaN_99_percent_depth()
    {
        // One underwater row: q_0.99 of one value is the value itself, nothing is strictly below it → NaN.
        var e = Assert.Single(Drawdowns.Episodes(Dates("2020-01-01"), [-0.05]));
        Assert.Equal(-0.05, e.Depth, 1e-15);
        Assert.True(double.IsNaN(e.Depth99));
        Assert.Equal(1, e.Days);
        Assert.Equal(1, e.Periods);
    }

    [Fact]
    public void Single_gain_has_no_episode()
    {
        Assert.Empty(Drawdowns.Episodes(Dates("2020-01-01"), [0.05]));
        Assert.Equal([0.0], Drawdowns.Series([0.05]));
    }

    [Fact]
    public void Never_underwater_has_no_episode()
    {
        Assert.Empty(Drawdowns.Episodes(Dates("2020-01-01", "2020-01-02", "2020-01-03"), [0.01, 0.02, 0.0]));
    }

    [Fact]
    public void All_zero_returns_have_no_drawdown()
    {
        Assert.Equal([0.0, 0, 0], Drawdowns.Series([0.0, 0, 0]));
        Assert.Empty(Drawdowns.Episodes(Dates("2020-01-01", "2020-01-02", "2020-01-03"), [0.0, 0, 0]));
    }

    [Fact]
    public void Empty_input_gives_empty_output()
    {
        Assert.Empty(Drawdowns.Series([]));
        Assert.Empty(Drawdowns.Episodes([], []));
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Assert.Throws<ArgumentException>(() => Drawdowns.Episodes(Dates("2020-01-01"), [0.1, 0.2]));
    }
}
