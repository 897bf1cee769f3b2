using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Search.Index;

/// <summary>
/// The columnar copy of one experiment's runs that search reads and answers with: per run its attributes, and per
/// metric / param / tag key a column over all runs; whether a run has inputs or model links, which the index does not
/// hold (<see cref="HasLinks"/>). Rows are never removed (a hard delete rebuilds the index). Not thread-safe: the
/// owning <see cref="RunSearchIndex"/> holds the experiment's lock around every use.
/// </summary>
internal sealed class ExperimentIndex
{
    const int InitialCapacity = 64;

    readonly Dictionary<string, int> _rowOf = new(StringComparer.Ordinal);
    int _capacity = InitialCapacity;

    public int Count { get; private set; }

    public string[] RunIds { get; private set; } = new string[InitialCapacity];
    public long[] StartTimes { get; private set; } = new long[InitialCapacity];
    public long[] EndTimes { get; private set; } = new long[InitialCapacity];
    public bool[] HasEnd { get; private set; } = new bool[InitialCapacity];
    public bool[] Deleted { get; private set; } = new bool[InitialCapacity];
    public bool[] HasLinks { get; private set; } = new bool[InitialCapacity];

    public StringColumn Names { get; } = new(InitialCapacity);
    public StringColumn Users { get; } = new(InitialCapacity);
    public StringColumn Statuses { get; } = new(InitialCapacity);
    public StringColumn ArtifactUris { get; } = new(InitialCapacity);

    public Dictionary<string, MetricColumn> Metrics { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, StringColumn> Params { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, StringColumn> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>The memory bound's measure: 6 attribute entries plus one per metric, param and tag column, per run.</summary>
    public long Entries => (long)Count * (6 + Metrics.Count + Params.Count + Tags.Count);

    /// <summary>Adds the run, or updates its attributes and clears its metrics, params and tags; returns its row.</summary>
    public int Upsert(in IndexedRun run)
    {
        if (_rowOf.TryGetValue(run.RunId, out int row))
        {
            ClearData(row);
        }
        else
        {
            if (Count == _capacity) Grow(_capacity * 2);
            row = Count++;
            _rowOf.Add(run.RunId, row);
            RunIds[row] = run.RunId;
        }
        StartTimes[row] = run.StartTime;
        EndTimes[row] = run.EndTime ?? 0;
        HasEnd[row] = run.EndTime is not null;
        Deleted[row] = run.Deleted;
        HasLinks[row] = false;
        Names.Set(row, run.Name);
        Users.Set(row, run.UserId);
        Statuses.Set(row, run.Status);
        ArtifactUris.Set(row, run.ArtifactUri);
        return row;
    }

    public bool TryGetRow(string runId, out int row) => _rowOf.TryGetValue(runId, out row);

    public void SetMetric(int row, string key, double value, long timestamp, long step) =>
        Column(Metrics, key, c => new MetricColumn(c)).Set(row, value, timestamp, step);

    public void SetHasLinks(int row) => HasLinks[row] = true;

    /// <summary>
    /// The run at <paramref name="row"/> as the store returns it (metrics, params and tags ordered by key, code point
    /// order), for a run without inputs or model links (<see cref="HasLinks"/>).
    /// </summary>
    public Run RunAt(int row, string experimentId, RunColumnKeys keys)
    {
        var metrics = new List<Metric>();
        foreach (var key in keys.Metrics)
        {
            var column = Metrics[key];
            if (column.States[row] != MetricColumn.Missing)
                metrics.Add(new Metric(key, column.Values[row], column.Timestamps[row], column.Steps[row]));
        }
        var @params = new List<Param>();
        foreach (var key in keys.Params)
        {
            if (Params[key].ValueAt(row) is { } value) @params.Add(new Param(key, value));
        }
        var tags = new List<RunTag>();
        foreach (var key in keys.Tags)
        {
            if (Tags[key].ValueAt(row) is { } value) tags.Add(new RunTag(key, value));
        }
        var info = new RunInfo(RunIds[row], Names.ValueAt(row)!, experimentId, Users.ValueAt(row)!, TrackingCodec.Status(Statuses.ValueAt(row)!),
            StartTimes[row], HasEnd[row] ? EndTimes[row] : null, ArtifactUris.ValueAt(row)!, Deleted[row] ? LifecycleStage.Deleted : LifecycleStage.Active);
        return new Run(info, new RunData(metrics, @params, tags));
    }

    /// <summary>The metric, param and tag keys of this index in code point order, for <see cref="RunAt"/>.</summary>
    public RunColumnKeys SortedKeys() =>
        new([.. Metrics.Keys.Order(StringComparer.Ordinal)], [.. Params.Keys.Order(StringComparer.Ordinal)], [.. Tags.Keys.Order(StringComparer.Ordinal)]);

    public void SetParam(int row, string key, string value) => Column(Params, key, c => new StringColumn(c)).Set(row, value);

    public void SetTag(int row, string key, string value) => Column(Tags, key, c => new StringColumn(c)).Set(row, value);

    void ClearData(int row)
    {
        foreach (var column in Metrics.Values) column.Clear(row);
        foreach (var column in Params.Values) column.Set(row, null);
        foreach (var column in Tags.Values) column.Set(row, null);
    }

    T Column<T>(Dictionary<string, T> columns, string key, Func<int, T> create)
    {
        if (!columns.TryGetValue(key, out var column)) columns.Add(key, column = create(_capacity));
        return column;
    }

    void Grow(int capacity)
    {
        _capacity = capacity;
        RunIds = Resized(RunIds, capacity);
        StartTimes = Resized(StartTimes, capacity);
        EndTimes = Resized(EndTimes, capacity);
        HasEnd = Resized(HasEnd, capacity);
        Deleted = Resized(Deleted, capacity);
        HasLinks = Resized(HasLinks, capacity);
        foreach (var column in new[] { Names, Users, Statuses, ArtifactUris }) column.Grow(capacity);
        foreach (var column in Metrics.Values) column.Grow(capacity);
        foreach (var column in Params.Values) column.Grow(capacity);
        foreach (var column in Tags.Values) column.Grow(capacity);
    }

    static T[] Resized<T>(T[] array, int capacity)
    {
        Array.Resize(ref array, capacity);
        return array;
    }
}

/// <summary>An index's column keys in code point order.</summary>
internal sealed record RunColumnKeys(string[] Metrics, string[] Params, string[] Tags);
