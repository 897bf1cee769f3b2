namespace Quarry.Core;

/// <summary>
/// Invalid input data, located precisely: the file, the 1-based line and the field.
/// The message reads "FILE:LINE: field 'Close': ... (fix: ...)".
/// </summary>
public sealed class DataException : QuarryException
{
    /// <summary>Creates a located data error.</summary>
    /// <param name="source">File path or series name.</param>
    /// <param name="line">1-based line in the file, or 0 when the error is not tied to a line.</param>
    /// <param name="field">Column name, or null when the error concerns the whole row or file.</param>
    /// <param name="problem">What is wrong, including the offending value.</param>
    /// <param name="fix">How to fix it.</param>
    public DataException(string source, int line, string? field, string problem, string fix)
        : base(ErrorCode.InvalidData, Format(source, line, field, problem, fix))
    {
        Source = source;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>File path or series name.</summary>
    public new string Source { get; }

    /// <summary>1-based line number, 0 when not tied to a line.</summary>
    public int Line { get; }

    /// <summary>Column name, or null.</summary>
    public string? Field { get; }

    /// <summary>The problem without location and fix.</summary>
    public string Problem { get; }

    static string Format(string source, int line, string? field, string problem, string fix)
    {
        var where = line > 0 ? $"{source}:{line}" : source;
        var what = field is null ? problem : $"field '{field}': {problem}";
        return $"{where}: {what} (fix: {fix})";
    }
}
