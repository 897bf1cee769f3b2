using System.Globalization;

namespace Quarry.Data.Internal;

/// <summary>
/// The value rules every bar must pass, whatever the file format: prices finite and positive,
/// High ≥ Low, High ≥ max(Open, Close), Low ≤ min(Open, Close), volume finite and not negative.
/// </summary>
internal static class BarRules
{
    /// <summary>Reports each broken rule of <paramref name="row"/> and returns whether it passed all.</summary>
    public static bool Check(in BarRow row, BarLayout layout, int line, IssueSink sink)
    {
        var names = layout.Names;
        int before = sink.Count;
        bool pricesValid = CheckPrice(row.Open, names[BarLayout.Open], line, sink)
            & CheckPrice(row.High, names[BarLayout.High], line, sink)
            & CheckPrice(row.Low, names[BarLayout.Low], line, sink)
            & CheckPrice(row.Close, names[BarLayout.Close], line, sink);
        if (layout.HasAdjClose) CheckPrice(row.AdjClose, names[BarLayout.AdjClose], line, sink);
        if (pricesValid) CheckRange(row, names, line, sink);
        if (double.IsNaN(row.Volume) || double.IsInfinity(row.Volume) || row.Volume < 0)
            sink.Report(line, names[BarLayout.Volume], $"volume {Text(row.Volume)} is not a finite number >= 0",
                "correct the volume, or use 0 when it is unknown");
        return sink.Count == before;
    }

    static bool CheckPrice(double price, string field, int line, IssueSink sink)
    {
        if (double.IsFinite(price) && price > 0) return true;
        var problem = double.IsNaN(price) ? "price is NaN" : $"price {Text(price)} is not a positive finite number";
        sink.Report(line, field, problem, "correct the price or delete the row");
        return false;
    }

    static void CheckRange(in BarRow r, string[] names, int line, IssueSink sink)
    {
        string high = names[BarLayout.High], low = names[BarLayout.Low];
        const string Fix = "correct the row: the high must be the largest and the low the smallest of the four prices";
        if (r.High < r.Low)
        {
            sink.Report(line, high, $"{high} {Text(r.High)} is below {low} {Text(r.Low)}", Fix);
            return;
        }
        if (r.High < Math.Max(r.Open, r.Close))
            sink.Report(line, high, $"{high} {Text(r.High)} is below {Larger(r, names)}", Fix);
        if (r.Low > Math.Min(r.Open, r.Close))
            sink.Report(line, low, $"{low} {Text(r.Low)} is above {Smaller(r, names)}", Fix);
    }

    static string Larger(in BarRow r, string[] names) => r.Open >= r.Close
        ? $"{names[BarLayout.Open]} {Text(r.Open)}"
        : $"{names[BarLayout.Close]} {Text(r.Close)}";

    static string Smaller(in BarRow r, string[] names) => r.Open <= r.Close
        ? $"{names[BarLayout.Open]} {Text(r.Open)}"
        : $"{names[BarLayout.Close]} {Text(r.Close)}";

    static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
