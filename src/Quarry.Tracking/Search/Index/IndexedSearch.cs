namespace Quarry.Tracking.Search.Index;

/// <summary>One runs search as the index answers it: the parsed filter and order, the view, and the rows wanted (<paramref name="Offset"/>, then <paramref name="Take"/>). Immutable.</summary>
internal sealed record IndexedSearch(SearchFilter Filter, IReadOnlyList<OrderClause> Order, ViewType View, long Offset, long Take)
{
    /// <summary>
    /// Whether the index should answer: not with a dataset clause (it reads the inputs tables, which the index does not
    /// hold), nor with <c>run_id =</c> or <c>IN</c>, which SQL answers from the primary key reading only those runs (the
    /// index would compare every run's id: a dashboard page's 50 children in a 50,000-run experiment took 15 ms instead
    /// of 3).
    /// </summary>
    public bool IndexCanAnswer => Filter.Clauses.All(c => c.Kind != EntityKind.Dataset && !SelectsByRunId(c));

    static bool SelectsByRunId(Comparison c) =>
        c.Kind == EntityKind.Attribute && c.Key == "run_id" && c.Op is Comparator.Equal or Comparator.In;
}
