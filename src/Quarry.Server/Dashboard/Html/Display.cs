using System.Globalization;
using Quarry.Tracking;

namespace Quarry.Server.Dashboard.Html;

/// <summary>How the dashboard writes numbers, times and statuses. Culture-invariant; stateless.</summary>
internal static class Display
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// A metric value: integers with thousands separators, ≥ 1,000 with two decimals, [1, 1000) with up to four, below 1
    /// with four significant digits; NaN as "NaN", infinities as "∞" / "-∞".
    /// </summary>
    public static string Number(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsInfinity(v)) return v > 0 ? "∞" : "-∞";
        double a = Math.Abs(v);
        if (a < 1e15 && v == Math.Round(v)) return v.ToString("#,0", Invariant);
        if (a >= 1000) return v.ToString("#,0.00", Invariant);
        if (a >= 1) return v.ToString("0.####", Invariant);
        return v.ToString("G4", Invariant);
    }

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long n) => n.ToString("#,0", Invariant);

    /// <summary>A Unix-millisecond time as <c>2026-03-04 13:45</c> (UTC).</summary>
    public static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant);

    /// <summary>A Unix-millisecond time with seconds and the zone, for tooltips.</summary>
    public static string ExactTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);

    /// <summary>How long ago <paramref name="ms"/> was at <paramref name="now"/>: "just now", "5 min ago", "3 h ago", "2 d ago", else the date.</summary>
    public static string Ago(long ms, long now)
    {
        long s = Math.Max(0, (now - ms) / 1000);
        return s < 60 ? "just now"
            : s < 3600 ? $"{s / 60} min ago"
            : s < 86400 ? $"{s / 3600} h ago"
            : s < 30 * 86400 ? $"{s / 86400} d ago"
            : Time(ms)[..10];
    }

    /// <summary>A run's duration ("850 ms", "12.3 s", "4 min 05 s", "2 h 10 min"), or "—" while it has no end time.</summary>
    public static string Duration(long start, long? end)
    {
        if (end is not { } e || e < start) return "—";
        long ms = e - start;
        return ms < 1000 ? $"{ms} ms"
            : ms < 60_000 ? (ms / 1000.0).ToString("0.0", Invariant) + " s"
            : ms < 3_600_000 ? $"{ms / 60_000} min {ms / 1000 % 60:00} s"
            : $"{ms / 3_600_000} h {ms / 60_000 % 60:00} min";
    }

    /// <summary>The status as shown ("Finished") and its CSS class ("st-finished").</summary>
    public static (string Text, string Css) Status(RunStatus status)
    {
        string name = status.ToString();
        return (name, "st-" + name.ToLowerInvariant());
    }
}
