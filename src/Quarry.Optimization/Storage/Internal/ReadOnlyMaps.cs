using System.Collections.ObjectModel;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>Read-only views for <see cref="FrozenTrial"/> contents; every empty map is one shared instance (no allocation, and equal snapshots of empty trials compare equal).</summary>
static class ReadOnlyMaps
{
    public static IReadOnlyDictionary<TKey, TValue> Snapshot<TKey, TValue>(this Dictionary<TKey, TValue> map) where TKey : notnull =>
        map.Count == 0 ? ReadOnlyDictionary<TKey, TValue>.Empty : map.AsReadOnly();

    public static IReadOnlyDictionary<TKey, TValue> Copy<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> source, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull =>
        source.Count == 0 ? ReadOnlyDictionary<TKey, TValue>.Empty : new Dictionary<TKey, TValue>(source, comparer).AsReadOnly();
}
