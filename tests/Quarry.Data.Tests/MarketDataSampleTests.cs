using Quarry.Core;

namespace Quarry.Data.Tests;

public class MarketDataSampleTests
{
    [Theory]
    [InlineData("orcl-1995-2014.txt", 5036, "1995-01-03", "2014-12-31", true)]
    [InlineData("nvda-1999-2014.txt", 4012, "1999-01-22", "2014-12-31", true)]
    [InlineData("yhoo-1996-2014.txt", 4713, "1996-04-12", "2014-12-31", true)]
    [InlineData("2006-day-001.txt", 255, "2006-01-02", "2006-12-29", false)]
    [InlineData("goog-2004-2013.csv", 2148, "2004-08-19", "2013-03-01", false)]
    [InlineData("eurusd-h1-2017-2018.csv", 5000, "2017-04-19 09:00", "2018-02-07 15:00", false)]
    [InlineData("btcusd-monthly-2012-2024.csv", 156, "2012-01-31", "2024-12-31", false)]
    // SOURCES.md says 4025, but the file has 4027 lines without a final newline: 4026 data rows (checked with awk).
    [InlineData("spy-2000-2016.csv", 4026, "2000-01-03", "2016-01-04", true)]
    public void Load_sample_file_has_documented_rows_and_range(string file, int rows, string first, string last, bool hasAdjClose)
    {
        var s = MarketData.Load(TestData.Sample(file));

        Assert.Equal(rows, s.Count);
        Assert.Equal(DateTime.Parse(first, System.Globalization.CultureInfo.InvariantCulture), s.Time[0]);
        Assert.Equal(DateTime.Parse(last, System.Globalization.CultureInfo.InvariantCulture), s.Time[^1]);
        Assert.Equal(hasAdjClose, s.AdjClose is not null);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), s.Symbol);
        Assert.All(s.Time, t => Assert.Equal(DateTimeKind.Unspecified, t.Kind));
        for (int i = 1; i < s.Count; i++) Assert.True(s.Time[i] > s.Time[i - 1], $"{file}: row {i} not after row {i - 1}");
    }

    [Fact]
    public void Load_yahoo_row_matches_file()
    {
        // orcl line 2: 1995-01-03,2.179012,2.191358,2.117284,2.117284,1.883304,36301200
        var s = MarketData.Load(TestData.Sample("orcl-1995-2014.txt"));

        AssertBar(s, 0, new DateTime(1995, 1, 3), 2.179012, 2.191358, 2.117284, 2.117284, 36301200, 1.883304);
        // last line: 2014-12-31,45.450001,45.560001,44.970001,44.970001,42.303135,13269200
        AssertBar(s, s.Count - 1, new DateTime(2014, 12, 31), 45.450001, 45.560001, 44.970001, 44.970001, 13269200, 42.303135);
    }

    [Fact]
    public void Load_descending_file_is_reversed()
    {
        // spy line 2 (newest): 2016-01-04,200.490005,201.029999,198.589996,201.020004,222353500,196.794026
        // last line (oldest, no trailing newline): 2000-01-03,148.25,148.25,143.875,145.4375,8164300,105.825332
        var s = MarketData.Load(TestData.Sample("spy-2000-2016.csv"));

        AssertBar(s, 0, new DateTime(2000, 1, 3), 148.25, 148.25, 143.875, 145.4375, 8164300, 105.825332);
        AssertBar(s, s.Count - 1, new DateTime(2016, 1, 4), 200.490005, 201.029999, 198.589996, 201.020004, 222353500, 196.794026);
    }

    [Fact]
    public void Load_hourly_file_with_empty_date_header_keeps_time_of_day()
    {
        // eurusd line 2: 2017-04-19 09:00:00,1.0716,1.0722,1.07083,1.07219,1413
        var s = MarketData.Load(TestData.Sample("eurusd-h1-2017-2018.csv"));

        AssertBar(s, 0, new DateTime(2017, 4, 19, 9, 0, 0), 1.0716, 1.0722, 1.07083, 1.07219, 1413, null);
        Assert.Equal(new DateTime(2017, 4, 19, 10, 0, 0), s.Time[1]);
    }

    [Fact]
    public void Load_fractional_volume_is_exact()
    {
        // btcusd last line: 2024-12-31,96515.0,108364.0,92092.0,93381.0,25342.80228337
        var s = MarketData.Load(TestData.Sample("btcusd-monthly-2012-2024.csv"));

        AssertBar(s, s.Count - 1, new DateTime(2024, 12, 31), 96515, 108364, 92092, 93381, 25342.80228337, null);
    }

    [Fact]
    public void Load_backtrader_file_ignores_open_interest()
    {
        // 2006-day-001 line 2: 2006-01-02,3578.73,3605.95,3578.73,3604.33,0,0
        var s = MarketData.Load(TestData.Sample("2006-day-001.txt"));

        AssertBar(s, 0, new DateTime(2006, 1, 2), 3578.73, 3605.95, 3578.73, 3604.33, 0, null);
    }

    [Fact]
    public void Load_missing_file_throws_NotFound()
    {
        var e = Assert.Throws<QuarryException>(() => MarketData.Load("no/such/file.csv"));

        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Contains("no/such/file.csv", e.Message, StringComparison.Ordinal);
    }

    static void AssertBar(BarSeries s, int i, DateTime time, double open, double high, double low, double close,
        double volume, double? adjClose)
    {
        Assert.Equal(time, s.Time[i]);
        Assert.Equal(open, s.Open[i]);
        Assert.Equal(high, s.High[i]);
        Assert.Equal(low, s.Low[i]);
        Assert.Equal(close, s.Close[i]);
        Assert.Equal(volume, s.Volume[i]);
        if (adjClose is { } adj) Assert.Equal(adj, s.AdjClose![i]);
    }
}
