namespace Quarry.Analytics.Tables;

/// <summary>
/// The monthly returns table (QuantStats <c>monthly_returns(eoy=True, compounded=True)</c>, spec §5.7): returns
/// compounded per calendar month, one row per year, plus the year's compounded total. Stateless and thread-safe.
/// </summary>
public static class MonthlyReturns
{
    /// <summary>
    /// One row per calendar year that has at least one return, oldest first. Each month is <c>Π(1 + r_t) − 1</c> over
    /// the returns dated in it; a month without any return is NaN (QuantStats shows 0; NaN lets a heatmap leave the
    /// cell blank). <see cref="MonthlyReturnsRow.Total"/> is <c>Π(1 + r_t) − 1</c> over the year's returns, which equals
    /// the months compounded together. NaN and ±∞ returns count as 0 but still mark their month as having data (spec §2.1).
    /// Each return belongs to the month of its own timestamp. Empty input gives an empty list. Allocates the rows.
    /// </summary>
    /// <param name="time">Timestamps of the returns, increasing.</param>
    /// <param name="returns">Simple returns per period.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static IReadOnlyList<MonthlyReturnsRow> Compute(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> returns)
    {
        if (time.Length != returns.Length)
            throw new ArgumentException($"{time.Length} timestamps but {returns.Length} returns.", nameof(returns));
        var rows = new List<MonthlyReturnsRow>();
        int t = 0;
        while (t < time.Length)
        {
            int year = time[t].Year;
            var growth = new double[12];
            growth.AsSpan().Fill(double.NaN);
            double total = 1;
            for (; t < time.Length && time[t].Year == year; t++)
            {
                double factor = 1 + (double.IsFinite(returns[t]) ? returns[t] : 0);
                int m = time[t].Month - 1;
                growth[m] = double.IsNaN(growth[m]) ? factor : growth[m] * factor;
                total *= factor;
            }
            for (int m = 0; m < 12; m++) growth[m] -= 1;   // NaN stays NaN
            rows.Add(new MonthlyReturnsRow(year, growth, total - 1));
        }
        return rows;
    }
}
