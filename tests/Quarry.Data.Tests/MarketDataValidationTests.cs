using Quarry.Core;

namespace Quarry.Data.Tests;

public sealed class MarketDataValidationTests : IDisposable
{
    const string Header = "Date,Open,High,Low,Close,Volume\n";
    const string Good1 = "2020-01-02,10,11,9,10.5,100\n";
    const string Good2 = "2020-01-03,10.5,12,10,11,200\n";
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, int, string?, string> BadFiles => new()
    {
        // name, content, expected line, expected field, text the problem must contain
        { "unparseable number", Header + Good1 + "2020-01-03,10.5,12,10,abc,200\n", 3, "Close", "'abc' is not a number" },
        { "unparseable date", Header + "2020-13-01,10,11,9,10.5,100\n", 2, "Date", "'2020-13-01' is not a date" },
        { "wrong field count", Header + Good1 + "2020-01-03,10.5,12,10,11\n", 3, null, "has 5 fields but the header has 6" },
        { "NaN price", Header + "2020-01-02,NaN,11,9,10.5,100\n", 2, "Open", "price is NaN" },
        { "empty price", Header + "2020-01-02,10,,9,10.5,100\n", 2, "High", "is empty" },
        { "zero price", Header + Good1 + Good2 + "2020-01-06,10,11,0,10.5,100\n", 4, "Low", "price 0 is not a positive" },
        { "negative price", Header + "2020-01-02,10,11,9,-10.5,100\n", 2, "Close", "price -10.5 is not a positive" },
        { "high below low", Header + "2020-01-02,10,9,11,10,100\n", 2, "High", "High 9 is below Low 11" },
        { "high below close", Header + "2020-01-02,10,11,9,12,100\n", 2, "High", "High 11 is below Close 12" },
        { "low above open", Header + "2020-01-02,8,11,9,10,100\n", 2, "Low", "Low 9 is above Open 8" },
        { "negative volume", Header + "2020-01-02,10,11,9,10.5,-1\n", 2, "Volume", "volume -1 is not a finite number >= 0" },
        { "empty file", "", 0, null, "the file is empty" },
        { "header only", Header, 0, null, "no data rows" },
        { "duplicate timestamp", Header + Good1 + Good2 + "2020-01-03,11,12,10,11,200\n", 4, "Date", "2020-01-03 already appears on line 3" },
        { "out of order", Header + Good1 + Good2 + "2020-01-01,10,11,9,10.5,100\n", 4, "Date", "2020-01-01 is earlier than 2020-01-03 on line 3" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_bad_file_throws_with_line_and_field(string name, string content, int line, string? field, string problem)
    {
        var path = _dir.Write(name.Replace(' ', '-') + ".csv", content);

        var e = Assert.Throws<DataException>(() => MarketData.Load(path));

        Assert.Equal(ErrorCode.InvalidData, e.Code);
        Assert.Equal(path, e.Source);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("(fix: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void CheckFile_reports_the_same_first_problem_as_Load(string name, string content, int line, string? field, string problem)
    {
        var path = _dir.Write(name.Replace(' ', '-') + ".csv", content);
        var thrown = Assert.Throws<DataException>(() => MarketData.Load(path));

        var report = DataQuality.CheckFile(path);

        Assert.False(report.IsValid);
        Assert.Equal(thrown.Message, report.Issues[0].ToString());
        Assert.Equal((line, field), (report.Issues[0].Line, report.Issues[0].Field));
        Assert.Contains(problem, report.Issues[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_error_message_reads_file_line_field_problem_fix()
    {
        var path = _dir.Write("x.csv", Header + Good1 + "2020-01-03,10.5,12,10,abc,200\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path));

        Assert.StartsWith($"{path}:3: field 'Close': 'abc' is not a number (fix: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_missing_columns_lists_header_and_needed_columns()
    {
        var path = _dir.Write("x.csv", "Date,Open,Low\n2020-01-02,10,9\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path));

        Assert.Equal(1, e.Line);
        Assert.Null(e.Field);
        Assert.Contains("missing column 'high', 'close'", e.Problem, StringComparison.Ordinal);
        Assert.Contains("'Date,Open,Low'", e.Problem, StringComparison.Ordinal);
        Assert.Contains("date, open, high, low, close (optional: volume, adj close)", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_duplicate_in_shuffled_file_names_both_lines_even_when_sorting()
    {
        var path = _dir.Write("x.csv", Header + Good2 + Good1 + "2020-01-03,11,12,10,11,200\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path, new CsvOptions { Sort = true }));

        Assert.Equal(4, e.Line);
        Assert.Contains("already appears on line 2", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_out_of_order_file_suggests_Sort()
    {
        var path = _dir.Write("x.csv", Header + Good2 + Good1 + "2020-01-06,11,12,10,11,200\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path));

        Assert.Equal(4, e.Line);
        Assert.Contains("Sort = true", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_long_bad_value_is_shortened_in_message()
    {
        var path = _dir.Write("x.csv", Header + "2020-01-02,10,11,9," + new string('x', 200) + ",1\n");

        var e = Assert.Throws<DataException>(() => MarketData.Load(path));

        Assert.True(e.Message.Length < 250, e.Message);
        Assert.Contains("...'", e.Problem, StringComparison.Ordinal);
    }
}
