namespace Quarry.Analytics.Tables;

/// <summary>One year of the monthly returns table: returns compounded per calendar month, and the year's total.</summary>
/// <param name="Year">Calendar year.</param>
/// <param name="Months">Twelve compounded monthly returns (January first); NaN for months without data.</param>
/// <param name="Total">The year's compounded return over the months with data.</param>
public sealed record MonthlyReturnsRow(int Year, IReadOnlyList<double> Months, double Total);
