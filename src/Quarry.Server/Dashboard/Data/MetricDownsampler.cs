namespace Quarry.Server.Dashboard.Data;

/// <summary>A metric history as the charts get it: parallel arrays in (step, timestamp) order.</summary>
/// <param name="Steps">Steps.</param>
/// <param name="Timestamps">Timestamps (Unix ms).</param>
/// <param name="Values">Values; NaN where a point was NaN (drawn as a gap).</param>
/// <param name="SourcePoints">How many points the full history has.</param>
internal sealed record MetricSeries(long[] Steps, long[] Timestamps, double[] Values, long SourcePoints)
{
    /// <summary>True when points were dropped to fit the budget.</summary>
    public bool Downsampled => Steps.Length < SourcePoints;
}

/// <summary>
/// Reduces a metric history, fed point by point in (step, timestamp) order, to at most <c>budget</c> points for a
/// chart. A history within the budget is kept whole. A longer one is cut into (budget − 1) / 2 buckets of equal point
/// counts, and each bucket keeps its lowest and highest finite point (in their original order), so spikes and dips
/// survive however long the history is; the very last point is kept too, so the line ends where the history ends. A
/// bucket without a finite value keeps one NaN point (a gap). Memory is O(budget); not thread-safe.
/// </summary>
internal sealed class MetricDownsampler
{
    readonly long _total;
    readonly int _budget;
    readonly long _bucketSize;
    readonly long _buckets;
    readonly List<long> _steps = [], _times = [];
    readonly List<double> _values = [];
    long _seen, _bucket = -1;
    (long Index, long Step, long Time, double Value) _min, _max, _last, _anyInBucket;
    bool _bucketHasFinite;

    /// <summary>Prepares for <paramref name="totalPoints"/> points and a budget of at least 3.</summary>
    public MetricDownsampler(long totalPoints, int budget = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalPoints);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 3);
        _total = totalPoints;
        _budget = budget;
        _buckets = (budget - 1) / 2;
        _bucketSize = Math.Max(1, (totalPoints + _buckets - 1) / _buckets);
    }

    bool KeepAll => _total <= _budget;

    /// <summary>Adds the next point. Points beyond the announced total fall into the last bucket.</summary>
    public void Add(long step, long timestamp, double value)
    {
        long index = _seen++;
        _last = (index, step, timestamp, value);
        if (KeepAll)
        {
            Emit(step, timestamp, value);
            return;
        }
        long bucket = Math.Min(index / _bucketSize, _buckets - 1);
        if (bucket != _bucket)
        {
            FlushBucket();
            _bucket = bucket;
            _bucketHasFinite = false;
            _anyInBucket = _last;
        }
        if (!double.IsFinite(value)) return;
        if (!_bucketHasFinite || value < _min.Value) _min = _last;
        if (!_bucketHasFinite || value > _max.Value) _max = _last;
        _bucketHasFinite = true;
    }

    /// <summary>The reduced series (call once, after the last <see cref="Add"/>).</summary>
    public MetricSeries Finish()
    {
        if (!KeepAll)
        {
            FlushBucket();
            if (_seen > 0 && (_steps.Count == 0 || _last.Step != _steps[^1] || _last.Time != _times[^1] || !Same(_last.Value, _values[^1])))
                Emit(_last.Step, _last.Time, _last.Value);
        }
        return new MetricSeries([.. _steps], [.. _times], [.. _values], Math.Max(_total, _seen));
    }

    void FlushBucket()
    {
        if (_bucket < 0) return;
        if (!_bucketHasFinite) { Emit(_anyInBucket.Step, _anyInBucket.Time, double.NaN); return; }
        var (first, second) = _min.Index <= _max.Index ? (_min, _max) : (_max, _min);
        Emit(first.Step, first.Time, first.Value);
        if (second.Index != first.Index) Emit(second.Step, second.Time, second.Value);
    }

    void Emit(long step, long time, double value)
    {
        _steps.Add(step);
        _times.Add(time);
        _values.Add(value);
    }

    static bool Same(double a, double b) => a.Equals(b);
}
