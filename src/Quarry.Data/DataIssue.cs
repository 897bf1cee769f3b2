using Quarry.Core;

namespace Quarry.Data;

/// <summary>
/// One problem found in a data file, located like a <see cref="DataException"/>.
/// <see cref="ToString"/> gives the same one-line message the strict loader would throw.
/// </summary>
/// <param name="Source">File path as given by the caller.</param>
/// <param name="Line">1-based line (the header is line 1; for Parquet files the 1-based row), 0 when not tied to a line.</param>
/// <param name="Field">Column name as written in the file, or null when the problem concerns the whole row or file.</param>
/// <param name="Problem">What is wrong, including the offending value.</param>
/// <param name="Fix">How to fix it.</param>
public sealed record DataIssue(string Source, int Line, string? Field, string Problem, string Fix)
{
    /// <summary>The exception the strict loader throws for this issue.</summary>
    public DataException ToException() => new(Source, Line, Field, Problem, Fix);

    /// <summary>The one-line message: <c>FILE:LINE: field 'X': problem (fix: ...)</c>.</summary>
    public override string ToString() => ToException().Message;
}
