namespace Quarry.Tracking.Search;

/// <summary>
/// A runs search compiled to SQL by <see cref="SqlSearchCompiler"/>: a JOIN fragment, a WHERE fragment and an ORDER BY
/// fragment over <c>runs</c> (aliased as the compiler's <c>runAlias</c>) and the named parameters they reference. Every user value
/// (keys, literals, patterns) is a parameter, never SQL text. Immutable.
/// </summary>
/// <param name="Joins">
/// LEFT JOINs that go right after <c>FROM runs {runAlias}</c> (the ORDER BY list reads metric, param and tag sort keys
/// from them; at most one joined row per run); empty when the order needs none.
/// </param>
/// <param name="Where">A boolean SQL expression (never empty; <c>1 = 1</c> when the filter has no clauses).</param>
/// <param name="OrderBy">A comma-separated ORDER BY list (without the keywords), ending with MLflow's tiebreak.</param>
/// <param name="Parameters">
/// Parameter names (without the <c>@</c> prefix: <c>p0</c>, <c>p1</c>, …) and values (<see cref="string"/> or
/// <see cref="double"/>), shared by <paramref name="Where"/> and <paramref name="OrderBy"/>.
/// </param>
public sealed record SqlSearchQuery(string Joins, string Where, string OrderBy, IReadOnlyList<KeyValuePair<string, object>> Parameters);
