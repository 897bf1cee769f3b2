namespace Quarry.Tracking.Search;

/// <summary>
/// One validated clause of a filter: <c>kind.key comparator value</c>. Attribute keys are canonical
/// (<c>run_name</c> for <c>`Run name`</c> and friends, <c>start_time</c> for <c>created</c>), so a store can compile
/// the clause without re-validating it. Immutable.
/// </summary>
/// <param name="Kind">The entity the key belongs to.</param>
/// <param name="Key">The key, case-sensitive, quotes stripped; canonical for attributes.</param>
/// <param name="Op">The comparator; always valid for <paramref name="Kind"/> and the key's type.</param>
/// <param name="Value">The literal compared against; its kind always fits the key's type.</param>
public sealed record Comparison(EntityKind Kind, string Key, Comparator Op, SearchValue Value);
