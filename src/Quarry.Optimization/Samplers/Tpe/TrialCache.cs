using System.Runtime.CompilerServices;
using System.Text.Json;
using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Samplers.Tpe;

/// <summary>
/// What TPE needs from a study's finished (Complete and Pruned) trials, kept incrementally: finished trials are
/// frozen, so each is read once. Per trial it keeps the ranking key and the constraint violation; per
/// (parameter, distribution) a column of transformed values; and the intersection and group-decomposed search
/// spaces. Each <see cref="Sync"/> rescans only the trials after the longest all-finished prefix of the study
/// (normally just the running ones), so the cost per trial does not grow with the history.
/// Not thread-safe (the sampler serialises calls).
/// </summary>
internal sealed class TrialCache
{
    string? _study;
    StudyDirection _direction;
    int _prefix;
    long _prefixLastId = -1, _firstId = -1;
    readonly HashSet<long> _ids = [];
    readonly List<FrozenTrial> _running = [];
    FrozenTrial[] _trials = new FrozenTrial[64];
    int[] _order = new int[64];          // slots by trial number
    double[] _k1 = new double[64], _k2 = new double[64], _violation = new double[64];
    bool[] _pruned = new bool[64];
    int[] _numbers = new int[64];
    RankEntry[] _top = new RankEntry[25];
    int _count;
    bool _anyConstraints, _constraintsFromFunc;
    const int MaxColumns = 256;
    readonly Dictionary<(string Name, Distribution Dist), Column> _columns = [];
    long _columnTick;
    Dictionary<string, Distribution>? _intersection;
    readonly List<Dictionary<string, Distribution>> _groups = [];

    /// <summary>Number of finished (Complete or Pruned) trials.</summary>
    public int Count => _count;

    /// <summary>Running trials other than the current one, in number order (from the last sync).</summary>
    public IReadOnlyList<FrozenTrial> Running => _running;

    /// <summary>Slots in trial-number order.</summary>
    public ReadOnlySpan<int> Order => _order.AsSpan(0, _count);

    /// <summary>The trial number in a slot.</summary>
    public int NumberOf(int slot) => _numbers[slot];

    /// <summary>The finished trial in a slot.</summary>
    public FrozenTrial Trial(int slot) => _trials[slot];

    /// <summary>Whether constraints take part in the ranking (a constraints function, or any trial reporting constraints).</summary>
    public bool ConstraintsEnabled => _constraintsFromFunc || _anyConstraints;

    /// <summary>
    /// Brings the cache up to date with <paramref name="study"/> and collects the Running trials other than
    /// <paramref name="currentTrialId"/>. A different study, or a trial list that no longer matches the cached
    /// prefix, resets the cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sync(IStudyView study, long currentTrialId, Func<FrozenTrial, IReadOnlyList<double>>? constraintsFunc)
    {
        var trials = study.GetTrials();
        if (_study != study.Name || _direction != study.Direction || trials.Count < _prefix
            || (_prefix > 0 && (trials[_prefix - 1].TrialId != _prefixLastId || trials[0].TrialId != _firstId)))
            Reset(study);
        _constraintsFromFunc = constraintsFunc is not null;
        _running.Clear();
        for (int i = _prefix; i < trials.Count; i++)
        {
            var t = trials[i];
            if (t.State is TrialState.Complete or TrialState.Pruned)
            {
                if (_ids.Add(t.TrialId)) Add(t, constraintsFunc);
            }
            else if (t.State == TrialState.Running && t.TrialId != currentTrialId)
                _running.Add(t);
        }
        while (_prefix < trials.Count && trials[_prefix].IsFinished)
        {
            _ids.Remove(trials[_prefix].TrialId); // ids are only needed beyond the prefix
            _prefix++;
        }
        if (_prefix > 0)
        {
            _prefixLastId = trials[_prefix - 1].TrialId;
            _firstId = trials[0].TrialId;
        }
    }

    void Reset(IStudyView study)
    {
        _study = study.Name;
        _direction = study.Direction;
        _prefix = 0;
        _prefixLastId = _firstId = -1;
        _ids.Clear();
        _count = 0;
        _anyConstraints = false;
        _columns.Clear();
        _intersection = null;
        _groups.Clear();
        Array.Clear(_trials);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Add(FrozenTrial t, Func<FrozenTrial, IReadOnlyList<double>>? constraintsFunc)
    {
        if (_count == _trials.Length) Grow();
        int slot = _count++;
        _trials[slot] = t;
        _numbers[slot] = t.Number;

        // Ranking key (smaller is better): Complete by value; Pruned by (−last step, value at last step).
        double sign = _direction == StudyDirection.Maximize ? -1 : 1;
        if (t.State == TrialState.Complete)
        {
            double v = t.Value ?? double.NaN;
            _k1[slot] = double.IsNaN(v) ? double.PositiveInfinity : sign * v;
            _k2[slot] = 0;
            _pruned[slot] = false;
        }
        else
        {
            _pruned[slot] = true;
            if (t.IntermediateValues.Count == 0) { _k1[slot] = 1; _k2[slot] = 0; }
            else
            {
                int step = int.MinValue;
                foreach (var s in t.IntermediateValues.Keys) if (s > step) step = s;
                double v = t.IntermediateValues[step];
                _k1[slot] = -step;
                _k2[slot] = double.IsNaN(v) ? double.PositiveInfinity : sign * v;
            }
        }

        // Constraint violation: Σ positive values; +∞ when the trial reported none.
        IReadOnlyList<double>? cons = constraintsFunc is not null ? constraintsFunc(t) : ReadConstraints(t);
        if (cons is not null && constraintsFunc is null) _anyConstraints = true;
        double viol = 0;
        if (cons is null) viol = double.PositiveInfinity;
        else
            for (int i = 0; i < cons.Count; i++)
                if (cons[i] > 0) viol += cons[i];
        _violation[slot] = viol;

        // Keep slots in trial-number order (trials can finish out of order).
        int at = slot;
        while (at > 0 && _numbers[_order[at - 1]] > t.Number) { _order[at] = _order[at - 1]; at--; }
        _order[at] = slot;

        foreach (var (key, column) in _columns)
            column.Add(slot, Extract(t, key.Name, column.Dimension), _trials.Length);
        UpdateSearchSpaces(t);
    }

    static IReadOnlyList<double>? ReadConstraints(FrozenTrial t)
    {
        if (!t.SystemAttributes.TryGetValue(FrozenTrial.ConstraintsKey, out var json)) return null;
        try { return JsonSerializer.Deserialize<double[]>(json); }
        catch (JsonException) { return null; }
    }

    void Grow()
    {
        int cap = _trials.Length * 2;
        Array.Resize(ref _trials, cap);
        Array.Resize(ref _order, cap);
        Array.Resize(ref _k1, cap);
        Array.Resize(ref _k2, cap);
        Array.Resize(ref _violation, cap);
        Array.Resize(ref _pruned, cap);
        Array.Resize(ref _numbers, cap);
    }

    /// <summary>
    /// The transformed values of parameter <paramref name="name"/> by slot for dimension <paramref name="dim"/>
    /// (NaN where a trial lacks it or recorded it under an incompatible distribution), with the slots sorted by value.
    /// Built on first use, then maintained as trials arrive. Valid until the next <see cref="Sync"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Column ColumnOf(string name, TpeDimension dim)
    {
        var key = (name, dim.Distribution);
        long tick = ++_columnTick;
        if (_columns.TryGetValue(key, out var column))
        {
            column.LastUse = tick;
            return column;
        }
        if (_columns.Count >= MaxColumns) EvictLeastRecentlyUsedColumn();
        var col = new double[_trials.Length];
        Array.Fill(col, double.NaN);
        var sorted = new int[_trials.Length];
        int count = 0;
        for (int s = 0; s < _count; s++)
        {
            col[s] = Extract(_trials[s], name, dim);
            if (!double.IsNaN(col[s])) sorted[count++] = s;
        }
        var keys = new double[count];
        for (int i = 0; i < count; i++) keys[i] = col[sorted[i]];
        keys.AsSpan().Sort(sorted.AsSpan(0, count));
        column = new Column(dim, col, sorted, count) { LastUse = tick };
        _columns[key] = column;
        return column;
    }

    // Ranges that depend on other parameters create a column per distinct range; keep memory bounded.
    void EvictLeastRecentlyUsedColumn()
    {
        (string, Distribution) oldest = default;
        long oldestUse = long.MaxValue;
        foreach (var (key, c) in _columns)
            if (c.LastUse < oldestUse) { oldestUse = c.LastUse; oldest = key; }
        _columns.Remove(oldest);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Extract(FrozenTrial t, string name, TpeDimension dim)
    {
        if (!t.Params.TryGetValue(name, out var v)) return double.NaN;
        if (t.Distributions.TryGetValue(name, out var recorded) && !dim.Accepts(recorded)) return double.NaN;
        return dim.Transform(v);
    }

    /// <summary>
    /// Marks in <paramref name="below"/> (indexed by slot) the <paramref name="nBelow"/> best finished trials:
    /// feasible Complete by value, then feasible Pruned by (−last step, value), then infeasible by total violation;
    /// ties go to the lower trial number (a stable sort, as Optuna).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SelectBelow(int nBelow, Span<bool> below)
    {
        below[.._count].Clear();
        if (nBelow <= 0) return;
        bool constraints = ConstraintsEnabled;
        if (_top.Length < nBelow) _top = new RankEntry[nBelow];
        var top = _top;
        int size = 0;
        var order = Order;
        for (int p = 0; p < order.Length; p++)
        {
            int s = order[p];
            var e = constraints && _violation[s] > 0
                ? new RankEntry(2, _violation[s], 0, s)
                : new RankEntry(_pruned[s] ? 1 : 0, _k1[s], _k2[s], s);
            if (size == nBelow && !e.Before(top[size - 1])) continue;
            int at = size == nBelow ? size - 1 : size++;
            while (at > 0 && e.Before(top[at - 1])) { top[at] = top[at - 1]; at--; }
            top[at] = e;
        }
        for (int i = 0; i < size; i++) below[top[i].Slot] = true;
    }

    // Category 0 = feasible Complete (key: value), 1 = feasible Pruned (−last step, value), 2 = infeasible (violation).
    // Strict order; slots are visited in number order, so equal keys keep the earlier trial first (a stable sort).
    readonly record struct RankEntry(int Category, double K1, double K2, int Slot)
    {
        public bool Before(in RankEntry o) =>
            Category != o.Category ? Category < o.Category : K1 != o.K1 ? K1 < o.K1 : K2 < o.K2;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void UpdateSearchSpaces(FrozenTrial t)
    {
        if (_intersection is null)
            _intersection = new Dictionary<string, Distribution>(t.Distributions, StringComparer.Ordinal);
        else
        {
            List<string>? drop = null;
            foreach (var (name, dist) in _intersection)
                if (!t.Distributions.TryGetValue(name, out var other) || !other.Equals(dist))
                    (drop ??= []).Add(name);
            if (drop is not null) foreach (var name in drop) _intersection.Remove(name);
        }

        // Optuna's _SearchSpaceGroup.add_distributions: split every group by membership in this trial; new names form a group.
        // Usual case first: every group lies wholly inside or outside the trial and it brings no new name — nothing changes.
        int covered = 0;
        bool splits = false;
        foreach (var g in _groups)
        {
            int inside = 0;
            foreach (var name in g.Keys) if (t.Distributions.ContainsKey(name)) inside++;
            if (inside != 0 && inside != g.Count) { splits = true; break; }
            covered += inside;
        }
        if (!splits && covered == t.Distributions.Count) return;
        var remaining = new HashSet<string>(t.Distributions.Keys, StringComparer.Ordinal);
        var next = new List<Dictionary<string, Distribution>>(_groups.Count * 2 + 1);
        foreach (var g in _groups)
        {
            var inside = new Dictionary<string, Distribution>(StringComparer.Ordinal);
            var outside = new Dictionary<string, Distribution>(StringComparer.Ordinal);
            foreach (var (name, dist) in g) (remaining.Contains(name) ? inside : outside)[name] = dist;
            if (inside.Count > 0) next.Add(inside);
            if (outside.Count > 0) next.Add(outside);
            foreach (var name in g.Keys) remaining.Remove(name);
        }
        if (remaining.Count > 0)
        {
            var fresh = new Dictionary<string, Distribution>(StringComparer.Ordinal);
            foreach (var name in remaining) fresh[name] = t.Distributions[name];
            next.Add(fresh);
        }
        _groups.Clear();
        _groups.AddRange(next);
    }

    /// <summary>Parameters present with identical distributions in every finished trial (empty before the first).</summary>
    public IReadOnlyDictionary<string, Distribution> Intersection =>
        _intersection ?? (IReadOnlyDictionary<string, Distribution>)new Dictionary<string, Distribution>();

    /// <summary>The group decomposition: a partition of all parameters seen into sets that always appear together.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Distribution>> Groups => _groups;

    /// <summary>One parameter's transformed values by slot, and the slots holding a value sorted by it.</summary>
    internal sealed class Column(TpeDimension dimension, double[] values, int[] sorted, int sortedCount)
    {
        /// <summary>The dimension the values are transformed for.</summary>
        public readonly TpeDimension Dimension = dimension;

        /// <summary>Transformed value by slot (NaN = absent).</summary>
        public double[] Values = values;

        /// <summary>Slots with a value, ascending by value (ties by arrival).</summary>
        public int[] Sorted = sorted;

        /// <summary>Number of entries in <see cref="Sorted"/>.</summary>
        public int SortedCount = sortedCount;

        /// <summary>Truncation-mass memo of this parameter's kernels, by slot (continuous dimensions).</summary>
        public readonly KernelMemo Memo = new();

        /// <summary>When the column was last requested (for eviction).</summary>
        public long LastUse;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void Add(int slot, double value, int capacity)
        {
            if (Values.Length <= slot)
            {
                int old = Values.Length;
                Array.Resize(ref Values, capacity);
                Array.Fill(Values, double.NaN, old, capacity - old);
                Array.Resize(ref Sorted, capacity);
            }
            Values[slot] = value;
            if (double.IsNaN(value)) return;
            int lo = 0, hi = SortedCount;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (Values[Sorted[mid]] <= value) lo = mid + 1; else hi = mid;
            }
            Array.Copy(Sorted, lo, Sorted, lo + 1, SortedCount - lo);
            Sorted[lo] = slot;
            SortedCount++;
        }
    }
}
