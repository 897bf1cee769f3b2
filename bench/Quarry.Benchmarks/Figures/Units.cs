using System.Globalization;

namespace Quarry.Benchmarks.Figures;

/// <summary>Formats measured quantities with their units (invariant culture).</summary>
internal static class Units
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Ms(double seconds, int decimals = 2) => (seconds * 1e3).ToString("F" + decimals, Inv) + " ms";

    public static string Us(double seconds) => (seconds * 1e6).ToString("F1", Inv) + " µs";

    public static string NsPer(double seconds, double count, string unit) => (seconds * 1e9 / count).ToString("F1", Inv) + " ns/" + unit;

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024 * 1024)).ToString("F1", Inv) + " MB",
        >= 100 * 1024 => (bytes / 1024).ToString("F0", Inv) + " KB",
        _ => Math.Round(bytes).ToString("N0", Inv) + " B",
    };

    public static string Rate(double perSecond, string unit) => perSecond switch
    {
        >= 1e9 => (perSecond / 1e9).ToString("F2", Inv) + " G " + unit,
        >= 1e6 => (perSecond / 1e6).ToString("F1", Inv) + " M " + unit,
        _ => perSecond.ToString("N0", Inv) + " " + unit,
    };

    public static string Count(long value) => value.ToString("N0", Inv);
}
