using System.Globalization;
using Quarry.Analytics.Metrics;

namespace Quarry.Analytics.Tearsheets;

/// <summary>
/// Text formats of the tearsheet: fractions as percentages, ratios, counts and dates, invariant culture, a typographic
/// minus, and "—" for NaN or infinite values. Pure functions; they allocate the returned string.
/// </summary>
internal static class DisplayFormat
{
    /// <summary>Shown for a value that is NaN, infinite or missing.</summary>
    public const string Missing = "—";

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A fraction as a percentage, e.g. 0.1234 → "12.34%".</summary>
    public static string Percent(double fraction, int decimals = 2) =>
        double.IsFinite(fraction) ? Minus((fraction * 100).ToString("N" + decimals, Inv)) + "%" : Missing;

    /// <summary>A plain number with thousands separators, e.g. 1.2345 → "1.23".</summary>
    public static string Number(double value, int decimals = 2) =>
        double.IsFinite(value) ? Minus(value.ToString("N" + decimals, Inv)) : Missing;

    /// <summary>A count, e.g. 1234 → "1,234".</summary>
    public static string Integer(double value) =>
        double.IsFinite(value) ? Minus(Math.Round(value).ToString("N0", Inv)) : Missing;

    /// <summary>A metric value in its display format.</summary>
    public static string Metric(double value, MetricFormat format) => format switch
    {
        MetricFormat.Percent => Percent(value),
        MetricFormat.Integer => Integer(value),
        _ => Number(value),
    };

    /// <summary>A date as "2024-03-15", with the time of day when it is not midnight.</summary>
    public static string Date(DateTime time) =>
        time.TimeOfDay == TimeSpan.Zero ? time.ToString("yyyy-MM-dd", Inv) : time.ToString("yyyy-MM-dd HH:mm", Inv);

    /// <summary>A date for running text, e.g. "15 Mar 2024".</summary>
    public static string LongDate(DateTime time) => time.ToString("d MMM yyyy", Inv);

    /// <summary>Number for a data-v sort attribute: round-trip invariant text, empty for NaN.</summary>
    public static string SortKey(double value) => double.IsFinite(value) ? value.ToString("R", Inv) : "";

    /// <summary>CSS class colouring a value by sign: "pos", "neg" or empty.</summary>
    public static string SignClass(double value) => value > 0 ? "pos" : value < 0 ? "neg" : "";

    /// <summary>
    /// Background of a heatmap cell as CSS: a diverging red–white–green scale, saturated at |value| = <paramref name="scale"/>.
    /// </summary>
    public static string HeatColor(double value, double scale)
    {
        var (r, g, b) = HeatRgb(value, scale);
        return string.Create(Inv, $"rgb({r},{g},{b})");
    }

    /// <summary>The colour of <see cref="HeatColor"/> as bytes; light grey for NaN.</summary>
    public static (byte R, byte G, byte B) HeatRgb(double value, double scale)
    {
        if (!double.IsFinite(value) || scale <= 0) return (243, 244, 246);
        double t = Math.Pow(Math.Min(Math.Abs(value) / scale, 1), 0.75) * 0.85;
        (int r, int g, int b) to = value >= 0 ? (47, 143, 91) : (196, 71, 58), from = (247, 247, 245);
        byte Mix(int a, int z) => (byte)Math.Round(a + (z - a) * t);
        return (Mix(from.r, to.r), Mix(from.g, to.g), Mix(from.b, to.b));
    }

    /// <summary>Where the heatmap scale saturates: the 95th percentile of |value| over finite values (0 when none).</summary>
    public static double HeatScale(IEnumerable<double> values)
    {
        var abs = values.Where(double.IsFinite).Select(Math.Abs).Order().ToArray();
        return abs.Length == 0 ? 0 : abs[(int)Math.Floor(0.95 * (abs.Length - 1))];
    }

    static string Minus(string text) => text.StartsWith('-') ? "−" + text[1..] : text;
}
