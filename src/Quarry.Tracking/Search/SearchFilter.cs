using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Search;

/// <summary>
/// A parsed MLflow runs filter: an AND-list of validated <see cref="Comparison"/>s (spec <c>mlflow-search.md</c> §1).
/// Immutable and thread-safe. <see cref="Matches"/> is the in-memory evaluator; SQL stores compile <see cref="Clauses"/>.
/// </summary>
public sealed class SearchFilter
{
    private SearchFilter(IReadOnlyList<Comparison> clauses) => Clauses = clauses;

    /// <summary>A filter that matches every run.</summary>
    public static SearchFilter All { get; } = new([]);

    /// <summary>The clauses, all of which must hold; empty means "match everything".</summary>
    public IReadOnlyList<Comparison> Clauses { get; }

    /// <summary>
    /// Parses a filter string. Null, empty or whitespace gives <see cref="All"/>. Keywords (AND, LIKE, ILIKE, IN, NOT IN)
    /// are case-insensitive; keys are case-sensitive. Comparators and value types are checked against §1.1 here, so
    /// every returned clause is valid.
    /// </summary>
    /// <exception cref="Quarry.Core.QuarryException">
    /// Code InvalidParameter, message "Invalid filter at position N: …", N being the 0-based character offset of the
    /// offending token (or the filter's length for an unexpected end).
    /// </exception>
    public static SearchFilter Parse(string? filter) =>
        string.IsNullOrWhiteSpace(filter) ? All : new SearchFilter(FilterParser.Parse(filter));

    /// <summary>
    /// True if the run satisfies every clause (MLflow semantics, §1.2): a missing key makes a clause false (also for
    /// != and NOT IN); metrics compare the latest value; NaN never satisfies a comparison; =, != and LIKE are
    /// case-sensitive, ILIKE is not; a dataset clause holds if any of the run's datasets satisfies it;
    /// <c>run_name</c> reads the <c>mlflow.runName</c> tag first. Does not look at the lifecycle stage.
    /// </summary>
    public bool Matches(RunView run)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var c in Clauses)
        {
            if (!ComparisonEvaluator.Matches(c, run)) return false;
        }
        return true;
    }

    /// <summary>The runs that match, in input order. Allocates the result list.</summary>
    public IReadOnlyList<RunView> Filter(IEnumerable<RunView> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs.Where(Matches).ToList();
    }
}
