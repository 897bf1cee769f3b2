using Quarry.Core;

namespace Quarry.Data.Tests;

public sealed class ReturnsDataTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_benchmark_file_has_documented_rows_and_session_dates()
    {
        // line 2: 1993-02-01 00:00:00+00:00,0.007055075102412323; last: 2018-04-27 00:00:00+00:00,0.0009387555855957519
        var s = ReturnsData.Load(TestData.Sample("spy-benchmark-returns-1993-2018.csv"));

        Assert.Equal(6357, s.Count);
        Assert.Equal("spy-benchmark-returns-1993-2018", s.Name);
        Assert.Equal(new DateTime(1993, 2, 1), s.Time[0]);
        Assert.Equal(new DateTime(2018, 4, 27), s.Time[^1]);
        Assert.Equal(0.007055075102412323, s.Values[0]);
        Assert.Equal(0.0009387555855957519, s.Values[^1]);
        Assert.All(s.Time, t => Assert.Equal(TimeSpan.Zero, t.TimeOfDay));
        Assert.All(s.Time, t => Assert.Equal(DateTimeKind.Unspecified, t.Kind));
    }

    [Fact]
    public void Load_benchmark_covers_every_orcl_session()
    {
        var bench = ReturnsData.Load(TestData.Sample("spy-benchmark-returns-1993-2018.csv")).Time.ToHashSet();
        var orcl = MarketData.Load(TestData.Sample("orcl-1995-2014.txt"));

        Assert.All(orcl.Time.Skip(1), t => Assert.Contains(t, bench));
    }

    public static TheoryData<string, int, string?, string> BadFiles => new()
    {
        { "date,return\n1993-02-01,0.01\nyesterday,0.02\n", 3, "date", "'yesterday' is not a date" },
        { "date,return\n1993-02-01,1%\n", 2, "return", "'1%' is not a number" },
        { "date,return\n1993-02-01,NaN\n", 2, "return", "return is NaN" },
        { "date,return\n1993-02-01,\n", 2, "return", "is empty" },
        { "date,return\n1993-02-01,-1\n", 2, "return", "return -1 is not a finite number above -1" },
        { "date,return\n1993-02-01,0.1\n1993-02-02,0.1\n1993-01-29,0.2\n", 4, "date", "is earlier than 1993-02-02 on line 3" },
        { "date,return\n1993-02-01,0.1\n1993-02-01,0.2\n", 3, "date", "already appears on line 2" },
        { "date,return\n1993-02-01,0.1,7\n", 2, null, "has 3 fields but the header has 2" },
        { "date,open,close\n1993-02-01,1,2\n", 1, null, "missing column 'return'" },
        { "", 0, null, "the file is empty" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Load_bad_returns_file_throws_with_line_and_field(string content, int line, string? field, string problem)
    {
        var path = _dir.Write("r.csv", content);

        var e = Assert.Throws<DataException>(() => ReturnsData.Load(path));

        Assert.Equal((line, field), (e.Line, e.Field));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_two_column_file_uses_second_column_whatever_its_name()
    {
        var path = _dir.Write("r.csv", "Date,SPY\n2020-01-03,-0.01\n2020-01-02,0.02\n");

        var s = ReturnsData.Load(path);

        Assert.Equal([new(2020, 1, 2), new(2020, 1, 3)], s.Time);
        Assert.Equal([0.02, -0.01], s.Values);
    }
}
