using System.Collections.Concurrent;
using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// <see cref="Distribution.ToJson"/> memoised by distribution (value equality) for one storage instance: a worker
/// stores the same few distributions in every trial, and building their JSON each time was about a tenth of its CPU
/// per trial on PostgreSQL. Holds at most <see cref="Capacity"/> entries (then starts afresh), so studies whose ranges
/// vary from trial to trial cannot grow it without bound. Thread-safe.
/// </summary>
sealed class DistributionJson
{
    public const int Capacity = 1024;
    readonly ConcurrentDictionary<Distribution, string> _json = new();

    /// <summary>The JSON of <paramref name="distribution"/>.</summary>
    public string Of(Distribution distribution)
    {
        if (_json.TryGetValue(distribution, out var json)) return json;
        json = distribution.ToJson();
        if (_json.Count >= Capacity) _json.Clear();
        _json[distribution] = json;
        return json;
    }
}
