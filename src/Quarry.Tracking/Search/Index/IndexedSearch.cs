namespace Quarry.Tracking.Search.Index;

/// <summary>One runs search as the index answers it: the parsed filter and order, the view, and the rows wanted (<paramref name="Offset"/>, then <paramref name="Take"/>). Immutable.</summary>
internal sealed record IndexedSearch(SearchFilter Filter, IReadOnlyList<OrderClause> Order, ViewType View, long Offset, long Take)
{
    /// <summary>Dataset clauses read the inputs tables, which the index does not hold: SQL answers them.</summary>
    public bool IndexCanAnswer => Filter.Clauses.All(c => c.Kind != EntityKind.Dataset);
}
