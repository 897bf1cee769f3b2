using Quarry.Backtesting.Results;

namespace Quarry.Backtesting.Tests.Results;

public class AnnualizationTests
{
    static DateTime[] Every(TimeSpan step, int count) => [.. Enumerable.Range(0, count).Select(i => new DateTime(2020, 1, 1) + i * step)];

    [Theory]
    [InlineData(1, 252)]
    [InlineData(7, 52)]
    [InlineData(30, 12)]
    [InlineData(91, 4)]
    [InlineData(365, 1)]
    public void Spacing_in_days_gives_periods_per_year(int days, double expected) =>
        Assert.Equal(expected, Annualization.PeriodsPerYear(Every(TimeSpan.FromDays(days), 20)));

    [Fact]
    public void Daily_bars_with_weekends_are_still_daily()
    {
        // Mon–Fri for 4 weeks: 15 one-day gaps and 3 three-day gaps; the median gap is 1 day
        var days = Enumerable.Range(0, 28).Select(i => new DateTime(2024, 1, 1).AddDays(i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        Assert.Equal(252, Annualization.PeriodsPerYear([.. days]));
    }

    [Fact]
    public void Intraday_bars_use_the_median_bars_per_day()
    {
        // 7 hourly bars a day (09:00–15:00) on 5 days → 252 × 7 = 1,764
        var bars = Enumerable.Range(0, 5).SelectMany(d => Enumerable.Range(9, 7).Select(h => new DateTime(2024, 1, 1 + d, h, 0, 0)));
        Assert.Equal(1764, Annualization.PeriodsPerYear([.. bars]));
    }

    [Fact]
    public void Fewer_than_two_timestamps_give_252()
    {
        Assert.Equal(252, Annualization.PeriodsPerYear([]));
        Assert.Equal(252, Annualization.PeriodsPerYear([new DateTime(2024, 1, 1)]));
    }

    [Fact]
    public void Inference_allocates_nothing_after_warm_up()
    {
        var hourly = Every(TimeSpan.FromHours(1), 10_000);
        Annualization.PeriodsPerYear(hourly);
        Assert.Equal(0, Allocation.Measure(() => Annualization.PeriodsPerYear(hourly)));
    }
}
