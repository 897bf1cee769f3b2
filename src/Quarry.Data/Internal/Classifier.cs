namespace Quarry.Data.Internal;

/// <summary>Infers the bar interval from the spacing of timestamps.</summary>
internal static class Classifier
{
    public static readonly TimeSpan DailyMin = TimeSpan.FromHours(20);

    /// <summary>The lower median of the spacing between consecutive times; zero with fewer than two.</summary>
    public static TimeSpan MedianSpacing(DateTime[] time)
    {
        if (time.Length < 2) return TimeSpan.Zero;
        var spacing = new long[time.Length - 1];
        for (int i = 1; i < time.Length; i++) spacing[i - 1] = time[i].Ticks - time[i - 1].Ticks;
        Array.Sort(spacing);
        return TimeSpan.FromTicks(spacing[(spacing.Length - 1) / 2]);
    }

    public static BarInterval Classify(TimeSpan median) => median switch
    {
        _ when median <= TimeSpan.Zero => BarInterval.Unknown,
        _ when (median - TimeSpan.FromHours(1)).Duration() <= TimeSpan.FromMinutes(5) => BarInterval.Hourly,
        _ when median >= DailyMin && median <= TimeSpan.FromDays(4) => BarInterval.Daily,
        _ when median >= TimeSpan.FromDays(27) && median <= TimeSpan.FromDays(32) => BarInterval.Monthly,
        _ => BarInterval.Other,
    };
}
