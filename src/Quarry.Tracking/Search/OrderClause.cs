namespace Quarry.Tracking.Search;

/// <summary>One validated <c>order_by</c> item. Attribute keys are canonical (<c>created</c> → <c>start_time</c>). Immutable.</summary>
/// <param name="Kind">The entity the key belongs to (never <see cref="EntityKind.Dataset"/>).</param>
/// <param name="Key">The key, quotes stripped.</param>
/// <param name="Ascending">True for ASC (the default), false for DESC.</param>
public sealed record OrderClause(EntityKind Kind, string Key, bool Ascending);
