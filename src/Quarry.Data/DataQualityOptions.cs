using Quarry.Core;

namespace Quarry.Data;

/// <summary>Thresholds for <see cref="DataQuality"/>.</summary>
public sealed record DataQualityOptions
{
    /// <summary>Shared instance with all defaults.</summary>
    public static DataQualityOptions Default { get; } = new();

    /// <summary>A close-to-close return whose absolute value exceeds this fraction is listed as a jump. Default 0.2 (20%).</summary>
    public double JumpThreshold { get; init; } = 0.2;

    /// <summary>
    /// For daily data, how many missing weekdays between two bars are still normal (holidays). Default 1, so a
    /// single holiday is not a gap but 9/11 (four weekdays) is; 0 lists every holiday.
    /// </summary>
    public int ToleratedMissingWeekdays { get; init; } = 1;

    /// <summary>How many file problems <see cref="DataQuality.CheckFile"/> lists; all are counted. Default 100.</summary>
    public int MaxIssues { get; init; } = 100;

    /// <summary>Checks the options.</summary>
    /// <exception cref="QuarryException">With <see cref="ErrorCode.InvalidParameter"/>, naming the bad property.</exception>
    public void Validate()
    {
        if (!double.IsFinite(JumpThreshold) || JumpThreshold <= 0)
            throw Invalid(nameof(JumpThreshold), $"{JumpThreshold} is not a positive fraction", "use e.g. 0.2 for 20%");
        if (ToleratedMissingWeekdays < 0)
            throw Invalid(nameof(ToleratedMissingWeekdays), $"{ToleratedMissingWeekdays} is negative", "use 0 or more");
        if (MaxIssues < 1)
            throw Invalid(nameof(MaxIssues), $"{MaxIssues} is below 1", "use 1 or more");
    }

    static QuarryException Invalid(string property, string problem, string fix) =>
        new(ErrorCode.InvalidParameter, $"DataQualityOptions.{property}: {problem} (fix: {fix}).");
}
