using Quarry.Core;
using Quarry.Data.Internal;

namespace Quarry.Data;

/// <summary>Loads series of periodic returns, such as a benchmark, from CSV files.</summary>
public static class ReturnsData
{
    /// <summary>
    /// Loads a comma-separated file with a timestamp column (date/datetime/timestamp/time, or an empty header name)
    /// and a column of simple returns as fractions (return/returns/ret/value, or simply the second column of a
    /// two-column file), e.g. <c>1993-02-01 00:00:00+00:00,0.00705</c>. Timestamps with a UTC offset are converted to
    /// UTC and have <see cref="DateTimeKind.Unspecified"/>, so a UTC midnight becomes the session date. Rows must be
    /// ascending or entirely descending (then reversed). The series is named after the file, without extension.
    /// Thread-safe.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <exception cref="DataException">The first problem: unparseable, empty or NaN value, a return ≤ -1, duplicate
    /// timestamp, rows out of order, missing column, wrong field count, or no data. Lines are 1-based, the header is line 1.</exception>
    /// <exception cref="QuarryException">The file does not exist (<see cref="ErrorCode.NotFound"/>).</exception>
    public static TimeSeries Load(string path) => CsvReturnsReader.Read(path, new ThrowingIssueSink(path))!;
}
