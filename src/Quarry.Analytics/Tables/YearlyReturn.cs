namespace Quarry.Analytics.Tables;

/// <summary>A calendar year's compounded return of the strategy and of the benchmark.</summary>
/// <param name="Year">Calendar year.</param>
/// <param name="Strategy">Strategy return, a fraction.</param>
/// <param name="Benchmark">Benchmark return, NaN without a benchmark.</param>
public sealed record YearlyReturn(int Year, double Strategy, double Benchmark);
