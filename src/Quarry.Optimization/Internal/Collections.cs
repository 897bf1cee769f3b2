using System.Collections.ObjectModel;

namespace Quarry.Optimization.Internal;

/// <summary>Copy-on-write helpers for the read-only dictionaries inside <see cref="FrozenTrial"/>.</summary>
internal static class Collections
{
    public static IReadOnlyDictionary<TKey, TValue> With<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> source, TKey key, TValue value)
        where TKey : notnull
    {
        var copy = new Dictionary<TKey, TValue>(source.Count + 1);
        foreach (var (k, v) in source) copy[k] = v;
        copy[key] = value;
        return new ReadOnlyDictionary<TKey, TValue>(copy);
    }

    public static IReadOnlyDictionary<TKey, TValue> Frozen<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue>? source)
        where TKey : notnull
    {
        var copy = new Dictionary<TKey, TValue>(source?.Count ?? 0);
        if (source is not null) foreach (var (k, v) in source) copy[k] = v;
        return new ReadOnlyDictionary<TKey, TValue>(copy);
    }

    public static readonly IReadOnlyDictionary<string, double> EmptyValues = new ReadOnlyDictionary<string, double>(new Dictionary<string, double>());
}
