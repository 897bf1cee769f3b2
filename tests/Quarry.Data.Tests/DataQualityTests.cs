using Quarry.Core;

namespace Quarry.Data.Tests;

public sealed class DataQualityTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Check_orcl_finds_9_11_gap_and_only_documented_closures()
    {
        var report = DataQuality.Check(MarketData.Load(TestData.Sample("orcl-1995-2014.txt")));

        Assert.Equal(BarInterval.Daily, report.Interval);
        Assert.Equal(TimeSpan.FromDays(1), report.MedianSpacing);
        Assert.Equal(5036, report.Rows);
        Assert.Equal(new DateTime(1995, 1, 3), report.First);
        Assert.Equal(new DateTime(2014, 12, 31), report.Last);
        Assert.Equal(
            [
                new DataGap(new(2001, 9, 10), new(2001, 9, 17), 4),   // 9/11
                new DataGap(new(2006, 12, 29), new(2007, 1, 3), 2),   // New Year + Ford funeral
                new DataGap(new(2012, 10, 26), new(2012, 10, 31), 2), // Hurricane Sandy
            ],
            report.Gaps);
        Assert.True(report.IsValid);
        Assert.Empty(report.Issues);
    }

    [Fact]
    public void Check_daily_single_holiday_is_a_gap_only_when_not_tolerated()
    {
        // Friday 2020-01-17, then Tuesday 2020-01-21 (Martin Luther King day in between).
        var s = Series([new(2020, 1, 16), new(2020, 1, 17), new(2020, 1, 21), new(2020, 1, 22)], [10, 10, 10, 10]);

        Assert.Empty(DataQuality.Check(s).Gaps);
        Assert.Equal([new DataGap(new(2020, 1, 17), new(2020, 1, 21), 1)],
            DataQuality.Check(s, new DataQualityOptions { ToleratedMissingWeekdays = 0 }).Gaps);
    }

    [Fact]
    public void Check_backtrader_index_has_all_zero_volume()
    {
        var report = DataQuality.Check(MarketData.Load(TestData.Sample("2006-day-001.txt")));

        Assert.Equal(255, report.ZeroVolumeBars);
        Assert.True(report.AllVolumeZero);
    }

    [Fact]
    public void Check_hourly_fx_ignores_weekends_but_finds_holiday_mondays()
    {
        var report = DataQuality.Check(MarketData.Load(TestData.Sample("eurusd-h1-2017-2018.csv")));

        Assert.Equal(BarInterval.Hourly, report.Interval);
        Assert.Equal(
            [
                new DataGap(new(2017, 12, 22, 21, 0, 0), new(2017, 12, 25, 22, 0, 0), 24),
                new DataGap(new(2017, 12, 29, 21, 0, 0), new(2018, 1, 1, 22, 0, 0), 24),
            ],
            report.Gaps);
        Assert.False(report.AllVolumeZero);
    }

    [Fact]
    public void Check_intraday_hole_within_a_day_is_a_gap()
    {
        var t0 = new DateTime(2020, 1, 7, 9, 0, 0);
        var s = Series([t0, t0.AddHours(1), t0.AddHours(2), t0.AddHours(5), t0.AddHours(6)], [1, 1, 1, 1, 1]);

        Assert.Equal([new DataGap(t0.AddHours(2), t0.AddHours(5), 2)], DataQuality.Check(s).Gaps);
    }

    [Fact]
    public void Check_monthly_finds_missing_month()
    {
        var s = Series([new(2020, 1, 31), new(2020, 2, 29), new(2020, 3, 31), new(2020, 5, 31), new(2020, 6, 30)], [1, 1, 1, 1, 1]);

        var report = DataQuality.Check(s);

        Assert.Equal(BarInterval.Monthly, report.Interval);
        Assert.Equal([new DataGap(new(2020, 3, 31), new(2020, 5, 31), 1)], report.Gaps);
    }

    [Fact]
    public void Check_btcusd_is_monthly_without_gaps()
    {
        var report = DataQuality.Check(MarketData.Load(TestData.Sample("btcusd-monthly-2012-2024.csv")));

        Assert.Equal(BarInterval.Monthly, report.Interval);
        Assert.Empty(report.Gaps);
    }

    [Fact]
    public void Check_finds_planted_50_percent_jump()
    {
        var s = Series([new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6), new(2020, 1, 7)], [100, 101, 151.5, 150]);

        var report = DataQuality.Check(s);

        var jump = Assert.Single(report.Jumps);
        Assert.Equal(new DateTime(2020, 1, 6), jump.Time);
        Assert.Equal(0.5, jump.Return, 12);
        Assert.Equal(0.2, report.JumpThreshold);
    }

    [Fact]
    public void Check_jump_threshold_is_configurable_and_symmetric()
    {
        var s = Series([new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6)], [100, 90, 99]);

        var report = DataQuality.Check(s, new DataQualityOptions { JumpThreshold = 0.095 });

        Assert.Equal([new DateTime(2020, 1, 3), new DateTime(2020, 1, 6)], report.Jumps.Select(j => j.Time));
    }

    [Fact]
    public void Check_counts_flat_and_zero_volume_bars()
    {
        DateTime[] t = [new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6)];
        var s = new BarSeries("x", t, [10, 10, 10], [10, 11, 10], [10, 9, 10], [10, 10, 10], [0, 5, 0]);

        var report = DataQuality.Check(s);

        Assert.Equal(2, report.FlatBars);
        Assert.Equal(2, report.ZeroVolumeBars);
        Assert.False(report.AllVolumeZero);
    }

    [Fact]
    public void Check_single_bar_has_unknown_interval()
    {
        var report = DataQuality.Check(Series([new(2020, 1, 2)], [1]));

        Assert.Equal(BarInterval.Unknown, report.Interval);
        Assert.Empty(report.Gaps);
        Assert.Empty(report.Jumps);
    }

    [Fact]
    public void CheckFile_collects_every_row_problem()
    {
        var path = _dir.Write("bad.csv", """
            Date,Open,High,Low,Close,Volume
            2020-01-02,10,11,9,10,100
            2020-01-03,10,11,9,abc,100
            2020-01-06,10,9,11,10,100
            2020-01-07,10,11,9,10
            2020-01-03,10,11,9,10,-5
            2020-01-08,10,11,9,10,100
            2020-01-08,10,11,9,10,100
            """);

        var report = DataQuality.CheckFile(path);

        Assert.False(report.IsValid);
        Assert.Equal(5, report.IssueCount);
        Assert.Equal(
            [(3, "Close"), (4, "High"), (5, null), (6, "Volume"), (8, "Date")],
            report.Issues.Select(i => (i.Line, i.Field)));
        Assert.All(report.Issues, i => Assert.Equal(path, i.Source));
        Assert.Equal(0, report.Rows);
        Assert.Null(report.First);
    }

    [Fact]
    public void CheckFile_lists_at_most_MaxIssues_but_counts_all()
    {
        var lines = Enumerable.Range(1, 20).Select(d => $"2020-01-{d:00},10,11,9,x,1");
        var path = _dir.Write("bad.csv", "Date,Open,High,Low,Close,Volume\n" + string.Join("\n", lines));

        var report = DataQuality.CheckFile(path, quality: new DataQualityOptions { MaxIssues = 3 });

        Assert.Equal(20, report.IssueCount);
        Assert.Equal([2, 3, 4], report.Issues.Select(i => i.Line));
    }

    [Fact]
    public void CheckFile_valid_file_has_statistics()
    {
        var report = DataQuality.CheckFile(TestData.Sample("spy-2000-2016.csv"));

        Assert.True(report.IsValid);
        Assert.Equal(TestData.Sample("spy-2000-2016.csv"), report.Source);
        Assert.Equal(4026, report.Rows);
        Assert.Equal(new DateTime(2000, 1, 3), report.First);
        Assert.Contains(new DataGap(new(2001, 9, 10), new(2001, 9, 17), 4), report.Gaps);
    }

    [Fact]
    public void CheckFile_collects_parquet_row_problems_with_row_numbers()
    {
        DateTime[] t = [new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6), new(2020, 1, 7), new(2020, 1, 7)];
        var bad = new BarSeries("bad", t, [10, 10, 10, 10, 10], [11, double.NaN, 11, 11, 11], [9, 9, 9, 9, 9],
            [10, 10, 12, 10, 10], [1, 1, 1, 1, 1]);
        var path = _dir.File("bad.parquet");
        ParquetBars.Write(bad, path);

        var report = DataQuality.CheckFile(path);

        Assert.Equal([(2, "high"), (3, "high"), (5, "time")], report.Issues.Select(i => (i.Line, i.Field)));
    }

    [Fact]
    public void CheckFile_missing_file_throws_NotFound()
    {
        var e = Assert.Throws<QuarryException>(() => DataQuality.CheckFile(_dir.File("none.csv")));

        Assert.Equal(ErrorCode.NotFound, e.Code);
    }

    [Fact]
    public void Options_Validate_names_bad_property()
    {
        var e = Assert.Throws<QuarryException>(() => DataQuality.Check(Series([new(2020, 1, 2)], [1]),
            new DataQualityOptions { JumpThreshold = 0 }));

        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("DataQualityOptions.JumpThreshold", e.Message, StringComparison.Ordinal);
    }

    static BarSeries Series(DateTime[] time, double[] close) =>
        new("x", time, close, close, close, close, new double[time.Length]);
}
