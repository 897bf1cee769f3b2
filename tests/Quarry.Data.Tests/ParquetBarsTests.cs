using Quarry.Core;

namespace Quarry.Data.Tests;

public sealed class ParquetBarsTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("orcl-1995-2014.txt")]
    [InlineData("eurusd-h1-2017-2018.csv")]
    [InlineData("btcusd-monthly-2012-2024.csv")]
    public void Write_then_Read_round_trips_exactly(string file)
    {
        var original = MarketData.Load(TestData.Sample(file));
        var path = _dir.File(original.Symbol + ".parquet");

        ParquetBars.Write(original, path);
        var copy = ParquetBars.Read(path);

        AssertSame(original, copy);
    }

    [Fact]
    public void Write_then_Read_keeps_sub_second_ticks_and_wall_clock_of_any_kind()
    {
        DateTime[] time =
        [
            new DateTime(2020, 1, 2, 9, 30, 0, DateTimeKind.Local).AddTicks(1234567),
            new DateTime(2020, 1, 2, 9, 31, 0, DateTimeKind.Utc),
            new DateTime(2020, 1, 2, 9, 32, 0, DateTimeKind.Unspecified),
        ];
        var s = new BarSeries("x", time, [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [0, 0.5, 1e12]);
        var path = _dir.File("x.parquet");

        ParquetBars.Write(s, path);
        var copy = ParquetBars.Read(path);

        Assert.Equal(time.Select(t => t.Ticks), copy.Time.Select(t => t.Ticks));
        Assert.All(copy.Time, t => Assert.Equal(DateTimeKind.Unspecified, t.Kind));
        Assert.Null(copy.AdjClose);
        Assert.Equal(s.Volume, copy.Volume);
    }

    [Fact]
    public void MarketData_Load_dispatches_parquet_by_extension_and_applies_symbol()
    {
        var original = MarketData.Load(TestData.Sample("goog-2004-2013.csv"));
        var path = _dir.File("goog.PARQUET");
        ParquetBars.Write(original, path);

        var loaded = MarketData.Load(path, new CsvOptions { Symbol = "GOOG" });

        Assert.Equal("GOOG", loaded.Symbol);
        Assert.Equal(original.Close, loaded.Close);
    }

    [Fact]
    public void Write_replaces_existing_file_and_leaves_no_temporary_files()
    {
        var path = _dir.File("bars.parquet");
        File.WriteAllText(path, "old");

        ParquetBars.Write(Small(), path);

        Assert.Equal(3, ParquetBars.Read(path).Count);
        Assert.Equal(["bars.parquet"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Write_that_fails_midway_leaves_destination_untouched()
    {
        var path = _dir.File("bars.parquet");
        File.WriteAllText(path, "old");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ParquetBars.WriteAsync(Small(), path, cancelled.Token));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["bars.parquet"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_empty_series_throws_InvalidParameter()
    {
        var empty = new BarSeries("e", [], [], [], [], [], []);

        var e = Assert.Throws<QuarryException>(() => ParquetBars.Write(empty, _dir.File("e.parquet")));

        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
    }

    [Fact]
    public void Read_applies_the_same_row_rules_as_csv_with_row_numbers()
    {
        var bad = new BarSeries("bad", [new(2020, 1, 2), new(2020, 1, 3)], [10, 10], [11, 9], [9, 11], [10, 10], [1, 1]);
        var path = _dir.File("bad.parquet");
        ParquetBars.Write(bad, path);

        var e = Assert.Throws<DataException>(() => ParquetBars.Read(path));

        Assert.Equal((2, "high"), (e.Line, e.Field));
        Assert.Contains("high 9 is below low 11", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_non_parquet_file_throws_DataException()
    {
        var path = _dir.Write("fake.parquet", "Date,Open\n");

        var e = Assert.Throws<DataException>(() => ParquetBars.Read(path));

        Assert.Contains("not a readable Parquet file", e.Problem, StringComparison.Ordinal);
    }

    static BarSeries Small() =>
        new("s", [new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6)], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]);

    static void AssertSame(BarSeries expected, BarSeries actual)
    {
        Assert.Equal(expected.Symbol, actual.Symbol);
        Assert.Equal(expected.Time, actual.Time);
        Assert.Equal(expected.Open, actual.Open);
        Assert.Equal(expected.High, actual.High);
        Assert.Equal(expected.Low, actual.Low);
        Assert.Equal(expected.Close, actual.Close);
        Assert.Equal(expected.Volume, actual.Volume);
        Assert.Equal(expected.AdjClose, actual.AdjClose);
    }
}
