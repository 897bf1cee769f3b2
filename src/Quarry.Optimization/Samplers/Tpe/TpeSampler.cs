using System.Runtime.CompilerServices;
using System.Text.Json;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers.Tpe;

namespace Quarry.Optimization.Samplers;

/// <summary>
/// Tree-structured Parzen Estimator, reproducing Optuna's <c>TPESampler</c> (HEAD, 5.0.0.dev) with one improvement on
/// by default, <see cref="TpeOptions.EvidenceScaledClip"/> (see <see cref="TpeOptions"/>; <see cref="TpeOptions.OptunaHead"/>
/// and <see cref="TpeOptions.Optuna31"/> reproduce Optuna exactly).
/// <para>
/// Until <see cref="TpeOptions.StartupTrials"/> trials have finished (Complete or Pruned, whether or not they hold the
/// parameter) values are drawn uniformly at random (in ln-space for log scales) from a start-up random stream. After
/// that, the finished trials are ranked (Complete by value, then Pruned by furthest step and value there, infeasible
/// ones last by total violation; direction-aware), the best <c>gamma(n)</c> form the "below" set and the rest, plus
/// other workers' Running trials when <see cref="TpeOptions.ConstantLiar"/> is on, the "above" set. A Parzen
/// estimator l(x) is fitted to below and g(x) to above (in trial-number order, so older above-trials are down-weighted
/// once there are more than 25), <see cref="TpeOptions.EiCandidates"/> candidates are drawn from l(x) with the TPE
/// random stream and the one maximising ln l(x) − ln g(x) is returned (the first on ties).
/// </para>
/// <para>
/// Multivariate mode (the default) samples the intersection search space jointly through
/// <see cref="ISampler.SampleRelative"/>; parameters outside it go through <see cref="SampleIndependent"/>, a 1-D TPE.
/// Observations of finished trials are cached per study, so a sampling call costs O(n) simple array passes plus the
/// kernel evaluations, with no per-trial dictionary work for trials seen before.
/// </para>
/// Thread-safe: calls are serialised by a lock. One instance should serve one study at a time (switching studies
/// resets its cache). The snapshot of the study is read once per trial (the relative search space, the joint sample and
/// any independent samples of one trial share it). Buffers proportional to the history are reused; a sampling call
/// allocates only small per-trial objects (the returned dictionaries and the published JSON).
/// </summary>
public sealed class TpeSampler : ISampler
{
    /// <summary>
    /// System attribute under which a trial's relative (joint) sample is published at ask time when
    /// <see cref="TpeOptions.ConstantLiar"/> is on (JSON object: parameter name → internal value), so that other workers
    /// see the whole in-flight point before its suggest calls have stored the parameters (Optuna HEAD's
    /// <c>tpe:relative_params</c>).
    /// </summary>
    public const string RelativeParamsKey = "tpe:relative_params";

    static readonly IReadOnlyDictionary<string, Distribution> NoSpace = new Dictionary<string, Distribution>();

    readonly object _gate = new();
    readonly Random _tpeRng;
    readonly RandomSampler _startup;
    readonly ParzenSettings _settings;
    readonly TrialCache _cache = new();
    readonly ParzenEstimator _below = new(), _above = new();
    readonly Dictionary<long, Dictionary<string, double>> _pending = [];
    long _syncedTrial = -1;
    IStudyView? _syncedStudy;
    bool[] _belowMask = new bool[64];
    double[][] _obsBelow = [], _obsAbove = [], _candValues = [], _candCoords = [];
    double[] _weightsBelow = new double[64], _weightsAbove = new double[64], _llBelow = [], _llAbove = [];
    double[][] _columns = [];
    TrialCache.Column[] _cols = [];
    int[]?[] _presorted = [];
    KernelMemo?[] _memos = [];
    int[][] _sortedAbove = [];
    int[] _aboveComponent = new int[64], _aboveSlots = new int[64], _liars = new int[8], _liarsSorted = new int[8];

    /// <summary>Creates a sampler with <paramref name="options"/> (null = the <see cref="TpeOptions"/> defaults, unseeded).</summary>
    /// <exception cref="Quarry.Core.QuarryException">An option is invalid (InvalidParameter).</exception>
    public TpeSampler(TpeOptions? options = null)
    {
        Options = options ?? new TpeOptions();
        Options.Validate();
        _settings = new ParzenSettings(Options.PriorWeight, Options.Bandwidth, Options.ConsiderEndpoints,
            Options.ConsiderMagicClip, Options.UnnormalizedKernels);
        // Two streams, as Optuna: the start-up draws come from a RandomSampler (a pure function of seed, trial number
        // and parameter name, so workers sharing a seed do not replay each other's start-up trials), TPE's candidate
        // draws from a sequential generator seeded differently.
        _startup = new RandomSampler(Options.Seed);
        _tpeRng = Options.Seed is { } seed ? new Random(DeriveSeed(seed)) : new Random();
    }

    /// <summary>Creates a sampler with the <see cref="TpeOptions"/> defaults and a seed.</summary>
    public TpeSampler(int seed) : this(new TpeOptions { Seed = seed }) { }

    /// <summary>The settings in use.</summary>
    public TpeOptions Options { get; }

    /// <summary>
    /// Multivariate mode: the parameters found with identical distributions in every finished trial (or, with
    /// <see cref="TpeOptions.Group"/>, every parameter seen), single-valued ones excluded, ordered by name.
    /// Empty in independent mode or before the first trial finishes.
    /// </summary>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(IStudyView study, FrozenTrial trial)
    {
        if (!Options.Multivariate) return NoSpace;
        lock (_gate)
        {
            Sync(study, trial);
            var names = new List<KeyValuePair<string, Distribution>>();
            if (Options.Group)
            {
                foreach (var g in _cache.Groups)
                    foreach (var kv in g)
                        if (!kv.Value.IsSingle) names.Add(kv);
            }
            else
            {
                foreach (var kv in _cache.Intersection)
                    if (!kv.Value.IsSingle) names.Add(kv);
            }
            names.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var space = new Dictionary<string, Distribution>(names.Count, StringComparer.Ordinal);
            foreach (var kv in names) space[kv.Key] = kv.Value;
            return space;
        }
    }

    /// <summary>
    /// Joint TPE sample of <paramref name="searchSpace"/> (internal values), or empty during the start-up phase.
    /// With <see cref="TpeOptions.Group"/> each group of the decomposition is sampled jointly on its own.
    /// </summary>
    public IReadOnlyDictionary<string, double> SampleRelative(IStudyView study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (searchSpace.Count == 0) return result;
        lock (_gate)
        {
            Sync(study, trial);
            if (_cache.Count < Options.StartupTrials) return result;
            if (Options.Group)
            {
                foreach (var g in _cache.Groups)
                {
                    var names = new List<string>();
                    foreach (var name in g.Keys)
                        if (searchSpace.TryGetValue(name, out var dist) && !dist.IsSingle) names.Add(name);
                    if (names.Count > 0) SampleInto(names, searchSpace, result);
                }
            }
            else
            {
                var names = new List<string>(searchSpace.Count);
                foreach (var (name, dist) in searchSpace) if (!dist.IsSingle) names.Add(name);
                if (names.Count > 0) SampleInto(names, searchSpace, result);
            }
            if (Options.ConstantLiar && result.Count > 0)
                _pending[trial.TrialId] = new Dictionary<string, double>(result, StringComparer.Ordinal);
        }
        if (Options.ConstantLiar && result.Count > 0) Publish(study, trial, result);
        return result;
    }

    /// <summary>
    /// One parameter: uniform random during the start-up phase, otherwise univariate TPE over the trials that hold
    /// <paramref name="name"/>. Always returns a value inside <paramref name="distribution"/>.
    /// </summary>
    public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
    {
        var dim = TpeDimension.Create(distribution);
        lock (_gate)
        {
            Sync(study, trial);
            if (_cache.Count < Options.StartupTrials)
                return _startup.SampleIndependent(study, trial, name, distribution);
            if (distribution.IsSingle) return dim.ValueLow;
            return SampleJoint([name], [dim])[0];
        }
    }

    /// <summary>Marks the start of a trial: the next sampling call re-reads the study.</summary>
    public void BeforeTrial(IStudyView study, FrozenTrial trial)
    {
        lock (_gate) _syncedStudy = null;
    }

    /// <summary>Forgets the relative sample kept for the finished trial (used for constant-liar repulsion).</summary>
    public void AfterTrial(IStudyView study, FrozenTrial trial, TrialState state, double? value)
    {
        lock (_gate)
        {
            _pending.Remove(trial.TrialId);
            _syncedStudy = null;
        }
    }

    static void Publish(IStudyView study, FrozenTrial trial, Dictionary<string, double> sample)
    {
        try { study.SetTrialSystemAttribute(trial.TrialId, RelativeParamsKey, JsonSerializer.Serialize(sample)); }
        catch (NotSupportedException) { /* read-only view: in-process liars still see the sample */ }
        catch (QuarryException e) when (e.Code is ErrorCode.InvalidState or ErrorCode.NotFound) { /* finished or gone meanwhile */ }
    }

    static Dictionary<string, double>? ReadPublished(FrozenTrial t)
    {
        if (!t.SystemAttributes.TryGetValue(RelativeParamsKey, out var json)) return null;
        try { return JsonSerializer.Deserialize<Dictionary<string, double>>(json); }
        catch (JsonException) { return null; }
    }

    // One sync per trial: the relative search space, the relative sample and any independent samples of the same
    // trial share the snapshot taken first (as Optuna's trial cache), instead of re-reading the study per call.
    void Sync(IStudyView study, FrozenTrial trial)
    {
        if (trial.TrialId == _syncedTrial && ReferenceEquals(study, _syncedStudy)) return;
        _syncedTrial = trial.TrialId;
        _syncedStudy = study;
        _cache.Sync(study, trial.TrialId, Options.ConstraintsFunc);
        if (_pending.Count > 0)
        {
            List<long>? stale = null;
            foreach (var id in _pending.Keys)
            {
                if (id == trial.TrialId) continue;
                bool running = false;
                foreach (var r in _cache.Running) if (r.TrialId == id) { running = true; break; }
                if (!running) (stale ??= []).Add(id);
            }
            if (stale is not null) foreach (var id in stale) _pending.Remove(id);
        }
    }

    void SampleInto(List<string> names, IReadOnlyDictionary<string, Distribution> space, Dictionary<string, double> result)
    {
        names.Sort(StringComparer.Ordinal);
        var nameArray = names.ToArray();
        var dims = new TpeDimension[nameArray.Length];
        for (int j = 0; j < dims.Length; j++) dims[j] = TpeDimension.Create(space[nameArray[j]]);
        var values = SampleJoint(nameArray, dims);
        for (int j = 0; j < dims.Length; j++) result[nameArray[j]] = values[j];
    }

    /// <summary>The core TPE step over the dimensions <paramref name="dims"/>; returns internal values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    double[] SampleJoint(string[] names, TpeDimension[] dims)
    {
        int d = dims.Length, n = _cache.Count;
        EnsureScratch(d, n + _cache.Running.Count + 1);
        for (int j = 0; j < d; j++)
        {
            _cols[j] = _cache.ColumnOf(names[j], dims[j]);
            _columns[j] = _cols[j].Values;
        }

        _cache.SelectBelow(Options.GammaOf(n), _belowMask);
        var order = _cache.Order;
        int nb = 0, na = 0, nl = 0;
        var running = Options.ConstantLiar ? _cache.Running : [];
        int q = 0;
        for (int p = 0; p <= order.Length; p++)
        {
            // Merge other workers' Running trials (liars, always "above") into trial-number order.
            int number = p < order.Length ? _cache.NumberOf(order[p]) : int.MaxValue;
            for (; q < running.Count && running[q].Number < number; q++)
                if (TryLiar(running[q], names, dims, na)) { _aboveSlots[na] = -1; _liars[nl++] = na++; }
            if (p == order.Length) break;
            int s = order[p];
            _aboveComponent[s] = -1;
            if (!AllPresent(s, d)) continue;
            if (_belowMask[s]) { for (int j = 0; j < d; j++) _obsBelow[j][nb] = _columns[j][s]; nb++; }
            else { for (int j = 0; j < d; j++) _obsAbove[j][na] = _columns[j][s]; _aboveSlots[na] = s; _aboveComponent[s] = na++; }
        }
        // g(x) has up to n kernels: hand it each dimension's sorted order from the cache instead of sorting per call,
        // and the cache's memo of truncation masses (a kernel's mass changes only when its sigma does).
        for (int j = 0; j < d; j++)
        {
            _presorted[j] = dims[j].Kind == DimensionKind.Categorical ? null : SortedAbove(j, na, nl);
            _memos[j] = _cols[j].Memo;
            _cols[j].Memo.Ensure(n);
        }

        Options.FillWeights(_weightsBelow.AsSpan(0, nb));
        Options.FillWeights(_weightsAbove.AsSpan(0, na));
        var settings = Options.EvidenceScaledClip ? _settings with { StudyTrials = n } : _settings;
        _below.Fit(dims, _obsBelow, nb, _weightsBelow.AsSpan(0, nb), settings);
        _above.Fit(dims, _obsAbove, na, _weightsAbove.AsSpan(0, na), settings, new FitHints(_presorted, _aboveSlots, _memos));

        int m = Options.EiCandidates;
        _below.Sample(_tpeRng, m, _candValues, _candCoords);
        _below.LogPdf(_candValues, _candCoords, m, _llBelow);
        _above.LogPdf(_candValues, _candCoords, m, _llAbove);
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < m; c++)
        {
            double score = _llBelow[c] - _llAbove[c];
            if (score > bestScore) { bestScore = score; best = c; }
        }
        var result = new double[d];
        for (int j = 0; j < d; j++) result[j] = _candValues[j][best];
        return result;
    }

    // Above-set component indices sorted by their value in dimension j: the cache's sorted slots filtered to the
    // above set, merged with the (few) liars sorted on the spot.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    int[] SortedAbove(int j, int na, int nl)
    {
        var obs = _obsAbove[j];
        var liars = _liarsSorted.AsSpan(0, nl);
        _liars.AsSpan(0, nl).CopyTo(liars);
        for (int a = 1; a < nl; a++)
        {
            int c = liars[a], b = a;
            while (b > 0 && obs[liars[b - 1]] > obs[c]) { liars[b] = liars[b - 1]; b--; }
            liars[b] = c;
        }
        var col = _cols[j];
        var outp = _sortedAbove[j];
        int o = 0, li = 0;
        for (int p = 0; p < col.SortedCount; p++)
        {
            int c = _aboveComponent[col.Sorted[p]];
            if (c < 0) continue;
            double v = obs[c];
            while (li < nl && obs[liars[li]] < v) outp[o++] = liars[li++];
            outp[o++] = c;
        }
        while (li < nl) outp[o++] = liars[li++];
        return outp;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    bool AllPresent(int slot, int d)
    {
        for (int j = 0; j < d; j++) if (double.IsNaN(_columns[j][slot])) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    bool TryLiar(FrozenTrial t, string[] names, TpeDimension[] dims, int at)
    {
        if (!_pending.TryGetValue(t.TrialId, out var pending))
        {
            // Another worker's trial: its published joint sample, parsed once it appears.
            pending = ReadPublished(t);
            if (pending is not null) _pending[t.TrialId] = pending;
        }
        for (int j = 0; j < dims.Length; j++)
        {
            double v = TrialCache.Extract(t, names[j], dims[j]);
            if (double.IsNaN(v) && pending is not null && pending.TryGetValue(names[j], out var pv)) v = dims[j].Transform(pv);
            if (double.IsNaN(v)) return false;
            _obsAbove[j][at] = v;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void EnsureScratch(int d, int n)
    {
        int m = Options.EiCandidates;
        if (_columns.Length < d)
        {
            _columns = new double[d][];
            _cols = new TrialCache.Column[d];
            _presorted = new int[d][];
            _memos = new KernelMemo[d];
            Array.Resize(ref _sortedAbove, d);
            Array.Resize(ref _obsBelow, d); Array.Resize(ref _obsAbove, d);
            Array.Resize(ref _candValues, d); Array.Resize(ref _candCoords, d);
        }
        if (_belowMask.Length < n)
        {
            int cap = Math.Max(n, _belowMask.Length * 2);
            _belowMask = new bool[cap];
            _weightsBelow = new double[cap];
            _weightsAbove = new double[cap];
            _aboveComponent = new int[cap];
            _aboveSlots = new int[cap];
        }
        int liars = _cache.Running.Count;
        if (_liars.Length < liars) { _liars = new int[liars * 2]; _liarsSorted = new int[liars * 2]; }
        for (int j = 0; j < d; j++)
        {
            if (_obsBelow[j] is null || _obsBelow[j].Length < _belowMask.Length)
            {
                _obsBelow[j] = new double[_belowMask.Length];
                _obsAbove[j] = new double[_belowMask.Length];
                _sortedAbove[j] = new int[_belowMask.Length];
            }
            if (_candValues[j] is null || _candValues[j].Length < m) { _candValues[j] = new double[m]; _candCoords[j] = new double[m]; }
        }
        if (_llBelow.Length < m) { _llBelow = new double[m]; _llAbove = new double[m]; }
    }

    // SplitMix64 of the seed: the TPE stream must not replay the start-up stream.
    static int DeriveSeed(int seed)
    {
        ulong z = (ulong)(uint)seed + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
