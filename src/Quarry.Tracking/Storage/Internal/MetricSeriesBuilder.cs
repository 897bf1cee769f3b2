namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Collects a metric's points in any order (blocks of several log-batches, rows of the pre-block table) and gives the
/// <see cref="MetricSeries"/>: sorted (step, timestamp, NaN last, value), each distinct point once. A history logged
/// in order is only checked, not sorted.
/// </summary>
internal sealed class MetricSeriesBuilder
{
    Point[] _points = new Point[64];
    int _count;

    readonly record struct Point(long Step, long Timestamp, double Value);

    public void Add(long step, long timestamp, double value)
    {
        if (_count == _points.Length) Array.Resize(ref _points, _count * 2);
        _points[_count++] = new Point(step, timestamp, value);
    }

    public MetricSeries Build()
    {
        var points = _points.AsSpan(0, _count);
        if (!IsSorted(points)) points.Sort(Compare);
        var steps = new long[_count];
        var timestamps = new long[_count];
        var values = new double[_count];
        int n = 0;
        for (int i = 0; i < points.Length; i++)
        {
            var p = points[i];
            if (n > 0 && Same(p, points[i - 1])) continue;
            steps[n] = p.Step;
            timestamps[n] = p.Timestamp;
            values[n] = p.Value;
            n++;
        }
        return new MetricSeries(steps, timestamps, values, n);
    }

    static bool IsSorted(ReadOnlySpan<Point> points)
    {
        for (int i = 1; i < points.Length; i++)
            if (Compare(points[i - 1], points[i]) > 0) return false;
        return true;
    }

    static int Compare(Point a, Point b)
    {
        int c = a.Step.CompareTo(b.Step);
        if (c != 0) return c;
        c = a.Timestamp.CompareTo(b.Timestamp);
        if (c != 0) return c;
        bool nanA = double.IsNaN(a.Value), nanB = double.IsNaN(b.Value);
        return nanA == nanB ? (nanA ? 0 : a.Value.CompareTo(b.Value)) : nanA ? 1 : -1;
    }

    // Equal as the stored rows' primary key compared them: -0.0 and 0.0 are one value, NaN equals NaN.
    static bool Same(Point a, Point b) =>
        a.Step == b.Step && a.Timestamp == b.Timestamp && (a.Value == b.Value || double.IsNaN(a.Value) && double.IsNaN(b.Value));
}
