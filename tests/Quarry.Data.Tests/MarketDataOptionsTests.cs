using Quarry.Core;

namespace Quarry.Data.Tests;

public sealed class MarketDataOptionsTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_shuffled_file_with_Sort_is_ascending()
    {
        var path = _dir.Write("shuffled.csv", """
            Date,Open,High,Low,Close,Volume
            2020-01-03,11,12,10,11.5,300
            2020-01-01,10,11,9,10.5,100
            2020-01-06,12,13,11,12.5,400
            2020-01-02,10.5,11.5,9.5,11,200
            """);

        var s = MarketData.Load(path, new CsvOptions { Sort = true });

        Assert.Equal([new(2020, 1, 1), new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6)], s.Time);
        Assert.Equal([10.5, 11, 11.5, 12.5], s.Close);
        Assert.Equal([100, 200, 300, 400], s.Volume);
    }

    [Fact]
    public void Load_custom_layout_with_column_mapping()
    {
        var path = _dir.Write("dax.csv", """
            Datum;Eroeffnung;Hoch;Tief;Schluss;Umsatz
            02.01.2020;13233.71;13425.5;13204.15;13385.93;70913680
            03.01.2020;13274.92;13348.13;13193.44;13219.14;64510200
            """);
        var options = new CsvOptions
        {
            Delimiter = ';', DateColumn = "Datum", OpenColumn = "Eroeffnung", HighColumn = "Hoch", LowColumn = "Tief",
            CloseColumn = "Schluss", VolumeColumn = "Umsatz", DateFormat = "dd.MM.yyyy", Symbol = "DAX",
        };

        var s = MarketData.Load(path, options);

        Assert.Equal("DAX", s.Symbol);
        Assert.Equal([new(2020, 1, 2), new(2020, 1, 3)], s.Time);
        Assert.Equal([13233.71, 13274.92], s.Open);
        Assert.Equal([13425.5, 13348.13], s.High);
        Assert.Equal([13204.15, 13193.44], s.Low);
        Assert.Equal([13385.93, 13219.14], s.Close);
        Assert.Equal([70913680, 64510200], s.Volume);
    }

    [Fact]
    public void Load_custom_layout_problem_names_the_files_column()
    {
        var path = _dir.Write("dax.csv", "Datum;Eroeffnung;Hoch;Tief;Schluss\n02.01.2020;10;9;11;10\n");
        var options = new CsvOptions
        {
            Delimiter = ';', DateColumn = "Datum", OpenColumn = "Eroeffnung", HighColumn = "Hoch", LowColumn = "Tief",
            CloseColumn = "Schluss", DateFormat = "dd.MM.yyyy",
        };

        var e = Assert.Throws<DataException>(() => MarketData.Load(path, options));

        Assert.Equal((2, "Hoch"), (e.Line, e.Field));
        Assert.Contains("Hoch 9 is below Tief 11", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_mapped_column_absent_from_header_is_named()
    {
        var path = _dir.Write("x.csv", "Date,Open,High,Low,Close\n2020-01-02,10,11,9,10\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path, new CsvOptions { VolumeColumn = "Umsatz" }));

        Assert.Equal(1, e.Line);
        Assert.Contains("missing column 'Umsatz'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_header_aliases_match_case_insensitively()
    {
        var path = _dir.Write("x.csv", "TIMESTAMP,open,HIGH,Low,CLOSE,adj_close,Vol\n2020-01-02,10,11,9,10,9.5,7\n");

        var s = MarketData.Load(path);

        Assert.Equal(new DateTime(2020, 1, 2), s.Time[0]);
        Assert.Equal(9.5, s.AdjClose![0]);
        Assert.Equal(7, s.Volume[0]);
    }

    [Fact]
    public void Load_without_volume_column_has_zero_volume()
    {
        var path = _dir.Write("x.csv", "Date,Open,High,Low,Close\n2020-01-02,10,11,9,10\n2020-01-03,10,11,9,10\n");

        var s = MarketData.Load(path);

        Assert.Equal([0.0, 0.0], s.Volume);
        Assert.Null(s.AdjClose);
    }

    [Fact]
    public void Load_accepts_crlf_quotes_blank_lines_and_no_final_newline()
    {
        var path = _dir.Write("x.csv", "\"Date\",\"Open\",\"High\",\"Low\",\"Close\"\r\n\r\n\"2020-01-02\",10,11,9,10\r\n2020-01-03, 10 ,11,9,10");

        var s = MarketData.Load(path);

        Assert.Equal(2, s.Count);
        Assert.Equal(10, s.Open[1]);
    }

    [Fact]
    public void Load_counts_blank_lines_in_line_numbers()
    {
        var path = _dir.Write("x.csv", "Date,Open,High,Low,Close\n\n2020-01-02,10,11,9,10\n\n2020-01-03,10,11,9,x\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path));

        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void Load_offset_timestamps_are_converted_to_utc_without_kind()
    {
        var path = _dir.Write("x.csv", "Date,Open,High,Low,Close\n2020-01-02 09:30:00-05:00,10,11,9,10\n2020-01-02T16:00:00Z,10,11,9,10\n");

        var s = MarketData.Load(path);

        Assert.Equal(new DateTime(2020, 1, 2, 14, 30, 0), s.Time[0]);
        Assert.Equal(new DateTime(2020, 1, 2, 16, 0, 0), s.Time[1]);
        Assert.All(s.Time, t => Assert.Equal(DateTimeKind.Unspecified, t.Kind));
    }

    [Fact]
    public void Load_day_first_date_without_format_is_rejected_not_guessed()
    {
        var path = _dir.Write("x.csv", "Date,Open,High,Low,Close\n01/02/2020,10,11,9,10\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path));

        Assert.Contains("CsvOptions.DateFormat", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('x')]
    [InlineData('"')]
    [InlineData('.')]
    public void Validate_rejects_unusable_delimiter(char delimiter)
    {
        var e = Assert.Throws<QuarryException>(() => new CsvOptions { Delimiter = delimiter }.Validate());

        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("CsvOptions.Delimiter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_blank_column_name()
    {
        var e = Assert.Throws<QuarryException>(() => new CsvOptions { CloseColumn = " " }.Validate());

        Assert.Contains("CsvOptions.CloseColumn", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_with_wrong_delimiter_suggests_the_right_one()
    {
        var path = _dir.Write("x.csv", "Date;Open;High;Low;Close\n2020-01-02;10;11;9;10\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path));

        Assert.Equal(1, e.Line);
        Assert.Contains("separated by ';', not ','", e.Message, StringComparison.Ordinal);
    }
}
