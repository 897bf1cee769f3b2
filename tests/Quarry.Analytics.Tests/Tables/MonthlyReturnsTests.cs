using Quarry.Analytics.Tables;
using static Quarry.Analytics.Tests.TestData;

namespace Quarry.Analytics.Tests.Tables;

public class MonthlyReturnsTests
{
    // 2020: Jan 30 +10 %, Jan 31 −5 %, Feb 3 +2 %, Apr 1 +3 %; 2021: Jan 4 −10 %.
    static readonly DateTime[] Time = Dates("2020-01-30", "2020-01-31", "2020-02-03", "2020-04-01", "2021-01-04");
    static readonly double[] Returns = [0.1, -0.05, 0.02, 0.03, -0.1];

    [Fact]
    public void Months_compound_within_the_month_and_years_compound_the_months()
    {
        var rows = MonthlyReturns.Compute(Time, Returns);
        Assert.Equal([2020, 2021], rows.Select(r => r.Year));

        // Jan 2020 = 1.1·0.95 − 1 = 0.045; Feb = 0.02; Mar: no data → NaN; Apr = 0.03.
        // 2020 total = 1.045·1.02·1.03 − 1 = 1.0659·1.03 − 1 = 0.097877.
        var y2020 = rows[0];
        Assert.Equal(12, y2020.Months.Count);
        Close([0.045, 0.02, double.NaN, 0.03, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN],
            y2020.Months, 1e-12);
        Assert.Equal(0.097877, y2020.Total, 1e-12);

        // 2021: only January, −10 %.
        Assert.Equal(-0.1, rows[1].Months[0], 1e-15);
        Assert.All(rows[1].Months.Skip(1), m => Assert.True(double.IsNaN(m)));
        Assert.Equal(-0.1, rows[1].Total, 1e-15);
    }

    [Fact]
    public void NaN_return_counts_as_zero_but_marks_the_month()
    {
        var rows = MonthlyReturns.Compute(Dates("2020-03-02", "2020-05-04"), [double.NaN, 0.01]);
        var row = Assert.Single(rows);
        Assert.Equal(0.0, row.Months[2]);
        Assert.True(double.IsNaN(row.Months[3]));
        Assert.Equal(0.01, row.Months[4], 1e-15);
        Assert.Equal(0.01, row.Total, 1e-15);
    }

    [Fact]
    public void All_zero_returns_give_zero_months()
    {
        var row = Assert.Single(MonthlyReturns.Compute(Dates("2020-01-31", "2020-02-03"), [0.0, 0.0]));
        Assert.Equal(0.0, row.Months[0]);
        Assert.Equal(0.0, row.Months[1]);
        Assert.Equal(0.0, row.Total);
    }

    [Fact]
    public void Empty_input_gives_no_rows()
    {
        Assert.Empty(MonthlyReturns.Compute([], []));
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        Assert.Throws<ArgumentException>(() => MonthlyReturns.Compute(Dates("2020-01-01"), []));
    }
}
