using System.Globalization;

namespace Quarry.Benchmarks.Figures;

/// <summary>The one-minute load average (Linux), so that figures taken on a busy machine say so.</summary>
internal static class MachineLoad
{
    /// <summary>The one-minute load average, or NaN where /proc/loadavg does not exist.</summary>
    public static double OneMinute()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return double.NaN;
        }
    }
}
