using Quarry.Data.Internal;

namespace Quarry.Data.Tests.Internal;

public class DateParserTests
{
    public static TheoryData<string, DateTime> Valid => new()
    {
        { "2006-01-02", new(2006, 1, 2) },
        { "20060102", new(2006, 1, 2) },
        { "2017-04-19 09:00:00", new(2017, 4, 19, 9, 0, 0) },
        { "2017-04-19T09:00", new(2017, 4, 19, 9, 0, 0) },
        { "2017-04-19 09:00:00.25", new DateTime(2017, 4, 19, 9, 0, 0).AddMilliseconds(250) },
        { "2017-04-19 09:00:00.1234567", new DateTime(2017, 4, 19, 9, 0, 0).AddTicks(1234567) },
        { "1993-02-01 00:00:00+00:00", new(1993, 2, 1) },
        { "2020-01-02 09:30:00-05:00", new(2020, 1, 2, 14, 30, 0) },
        { "2020-01-02T01:00:00+0200", new(2020, 1, 1, 23, 0, 0) },
        { "2020-01-02T16:00:00Z", new(2020, 1, 2, 16, 0, 0) },
        { "2020/1/2", new(2020, 1, 2) },
        { "2020-1-2 9:30", new(2020, 1, 2, 9, 30, 0) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_reads_iso_and_year_first_forms_as_unspecified(string text, DateTime expected)
    {
        Assert.True(DateParser.TryParse(text, null, out var value));

        Assert.Equal(expected, value);
        Assert.Equal(DateTimeKind.Unspecified, value.Kind);
    }

    [Theory]
    [InlineData("2001-02-29")]
    [InlineData("2001-13-01")]
    [InlineData("2001-01-01 24:00:00")]
    [InlineData("2001-01-01 10:00:00+25:00")]
    [InlineData("01/02/2020")]
    [InlineData("02.01.2020")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void TryParse_rejects_invalid_or_ambiguous_dates(string text) => Assert.False(DateParser.TryParse(text, null, out _));

    [Fact]
    public void TryParse_with_format_reads_day_first_dates()
    {
        Assert.True(DateParser.TryParse("02.01.2020", "dd.MM.yyyy", out var value));

        Assert.Equal(new DateTime(2020, 1, 2), value);
    }
}
