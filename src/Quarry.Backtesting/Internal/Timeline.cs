using Quarry.Core;

namespace Quarry.Backtesting.Internal;

/// <summary>
/// The union of several series' timestamps, with for each symbol the index of its bar at each step
/// (−1 when the symbol has no bar at that exact time). One symbol is the identity and allocates nothing.
/// </summary>
internal sealed class Timeline
{
    readonly int[][]? _barAt;

    public Timeline(IReadOnlyList<BarSeries> data)
    {
        if (data.Count == 1)
        {
            Time = data[0].Time;
            return;
        }
        var all = new SortedSet<DateTime>();
        foreach (var series in data) all.UnionWith(series.Time);
        Time = [.. all];
        _barAt = new int[data.Count][];
        for (int s = 0; s < data.Count; s++)
        {
            var map = _barAt[s] = new int[Time.Length];
            var times = data[s].Time;
            for (int t = 0, i = 0; t < Time.Length; t++)
                map[t] = i < times.Length && times[i] == Time[t] ? i++ : -1;
        }
    }

    public DateTime[] Time { get; }

    public int Length => Time.Length;

    /// <summary>Index of symbol <paramref name="s"/>'s bar at step <paramref name="t"/>, or −1.</summary>
    public int BarAt(int s, int t) => _barAt is null ? t : _barAt[s][t];
}
