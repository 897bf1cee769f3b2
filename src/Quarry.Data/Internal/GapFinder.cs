namespace Quarry.Data.Internal;

/// <summary>Finds stretches without bars that weekends and (for daily data) short holidays do not explain.</summary>
internal static class GapFinder
{
    static readonly TimeSpan LongestWeekend = TimeSpan.FromHours(72);

    public static List<DataGap> Find(DateTime[] time, BarInterval interval, TimeSpan median, int toleratedWeekdays)
    {
        var gaps = new List<DataGap>();
        bool intraday = median > TimeSpan.Zero && median < Classifier.DailyMin;
        for (int i = 1; i < time.Length; i++)
        {
            DateTime a = time[i - 1], b = time[i];
            int missing = interval switch
            {
                BarInterval.Daily => WeekdaysBetween(a.Date, b.Date) is var d && d > toleratedWeekdays ? d : 0,
                BarInterval.Monthly => MonthIndex(b) - MonthIndex(a) - 1,
                _ when intraday => IntradayMissing(a, b, median),
                _ => 0,
            };
            if (missing > 0) gaps.Add(new DataGap(a, b, missing));
        }
        return gaps;
    }

    static int IntradayMissing(DateTime a, DateTime b, TimeSpan median)
    {
        var span = b - a;
        if (span <= median || (span <= LongestWeekend && SpansSaturday(a, b))) return 0;
        return Math.Max(0, (int)Math.Round(WeekdayTime(a, b) / median) - 1);
    }

    // Weekdays strictly between two dates.
    static int WeekdaysBetween(DateTime a, DateTime b)
    {
        int count = 0;
        for (var d = a.AddDays(1); d < b; d = d.AddDays(1))
            if (!IsWeekend(d)) count++;
        return count;
    }

    static bool SpansSaturday(DateTime a, DateTime b)
    {
        for (var d = a.Date; d < b; d = d.AddDays(1))
            if (d.DayOfWeek == DayOfWeek.Saturday) return true;
        return false;
    }

    // Time within (a, b) that falls on Monday..Friday.
    static TimeSpan WeekdayTime(DateTime a, DateTime b)
    {
        var total = TimeSpan.Zero;
        for (var d = a.Date; d < b; d = d.AddDays(1))
        {
            if (IsWeekend(d)) continue;
            var from = d > a ? d : a;
            var to = d.AddDays(1) < b ? d.AddDays(1) : b;
            total += to - from;
        }
        return total;
    }

    static bool IsWeekend(DateTime d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    static int MonthIndex(DateTime t) => t.Year * 12 + t.Month;
}
