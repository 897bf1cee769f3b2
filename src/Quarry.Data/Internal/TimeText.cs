using System.Globalization;

namespace Quarry.Data.Internal;

/// <summary>Formats timestamps for messages: the date alone at midnight, otherwise date and time.</summary>
internal static class TimeText
{
    public static string Format(DateTime t) =>
        t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.FFFFFFF",
                CultureInfo.InvariantCulture);
}
