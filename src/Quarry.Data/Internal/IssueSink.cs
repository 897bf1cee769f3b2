namespace Quarry.Data.Internal;

/// <summary>
/// Receives validation problems from the shared parsing path. The strict loader throws on the first one;
/// the quality checker collects them all. Parsers call <see cref="Report"/> and carry on with the next row.
/// </summary>
internal abstract class IssueSink(string source)
{
    /// <summary>File path used in messages.</summary>
    public string Source { get; } = source;

    /// <summary>Number of problems reported so far.</summary>
    public int Count { get; private set; }

    public void Report(int line, string? field, string problem, string fix)
    {
        Count++;
        OnIssue(new DataIssue(Source, line, field, problem, fix));
    }

    protected abstract void OnIssue(DataIssue issue);
}
