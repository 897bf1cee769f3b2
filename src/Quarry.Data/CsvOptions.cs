using Quarry.Core;

namespace Quarry.Data;

/// <summary>
/// How to read a CSV file of bars. The defaults read every common layout: columns are found by name,
/// case-insensitively (date/datetime/timestamp/time or an empty first header field; open; high; low; close;
/// volume/vol; adj close/adj_close/adjclose), the delimiter is a comma, and dates are detected.
/// Set a <c>…Column</c> property to use a column of another name.
/// </summary>
public sealed record CsvOptions
{
    /// <summary>Shared instance with all defaults.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>Name of the timestamp column, or null to detect it.</summary>
    public string? DateColumn { get; init; }

    /// <summary>Name of the opening-price column, or null for "Open".</summary>
    public string? OpenColumn { get; init; }

    /// <summary>Name of the high-price column, or null for "High".</summary>
    public string? HighColumn { get; init; }

    /// <summary>Name of the low-price column, or null for "Low".</summary>
    public string? LowColumn { get; init; }

    /// <summary>Name of the closing-price column, or null for "Close".</summary>
    public string? CloseColumn { get; init; }

    /// <summary>Name of the volume column, or null to use "Volume"/"Vol" when present (volume is 0 otherwise). When set, the column is required.</summary>
    public string? VolumeColumn { get; init; }

    /// <summary>Name of the adjusted-close column, or null to use "Adj Close" and its aliases when present. When set, the column is required.</summary>
    public string? AdjCloseColumn { get; init; }

    /// <summary>Field separator; a comma by default. Quoted fields may not contain it.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>
    /// A .NET custom date format such as <c>dd.MM.yyyy</c> or <c>yyyyMMdd HHmmss</c>, parsed with the invariant culture;
    /// null to accept ISO dates (<c>yyyy-MM-dd[ HH:mm[:ss]]</c>, optional UTC offset), <c>yyyyMMdd</c> and other invariant formats.
    /// </summary>
    public string? DateFormat { get; init; }

    /// <summary>Symbol of the loaded series; null to use the file name without extension.</summary>
    public string? Symbol { get; init; }

    /// <summary>
    /// When true, rows in any order are sorted by time. When false (the default), rows must be ascending or entirely
    /// descending (then they are reversed). Duplicate timestamps are an error either way.
    /// </summary>
    public bool Sort { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="QuarryException">With <see cref="ErrorCode.InvalidParameter"/>, naming the bad property.</exception>
    public void Validate()
    {
        if (Delimiter is '"' or '\r' or '\n' or '.' or '-' or '+' || char.IsAsciiLetterOrDigit(Delimiter))
            throw Invalid(nameof(Delimiter), $"'{Delimiter}' cannot separate fields", "use ',', ';', '\\t' or '|'");
        CheckName(nameof(DateColumn), DateColumn);
        CheckName(nameof(OpenColumn), OpenColumn);
        CheckName(nameof(HighColumn), HighColumn);
        CheckName(nameof(LowColumn), LowColumn);
        CheckName(nameof(CloseColumn), CloseColumn);
        CheckName(nameof(VolumeColumn), VolumeColumn);
        CheckName(nameof(AdjCloseColumn), AdjCloseColumn);
        CheckName(nameof(DateFormat), DateFormat);
        CheckName(nameof(Symbol), Symbol);
    }

    static void CheckName(string property, string? value)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
            throw Invalid(property, "is blank", "set a name or leave it null");
    }

    static QuarryException Invalid(string property, string problem, string fix) =>
        new(ErrorCode.InvalidParameter, $"CsvOptions.{property} {problem} (fix: {fix}).");
}
