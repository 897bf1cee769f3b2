using System.Text.Json;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Internal;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization;

/// <summary>
/// The live handle of a running trial, given to the objective by <see cref="Study.Ask"/> or <see cref="Study.Optimize"/>.
/// Suggest methods return user-facing values and store them; <see cref="Report"/> and <see cref="ShouldPrune"/> drive
/// pruning. Not thread-safe: use a trial from one thread (the objective's).
/// <para>
/// A trial from <see cref="Study.Ask"/> writes every suggested parameter to the storage at once. Inside
/// <see cref="Study.Optimize"/> suggested parameters are kept until the next write of the trial — a report, an attribute,
/// a heartbeat or the tell — and go to the storage with it in one call, so that a SQL storage finishes a trial in one
/// transaction instead of one per parameter. Every other write goes to the storage at once.
/// </para>
/// </summary>
public sealed class Trial
{
    readonly Study _study;
    readonly IStudyView _samplerView;
    readonly IStudyView _prunerView;
    readonly IReadOnlyDictionary<string, Distribution> _relativeSpace;
    readonly IReadOnlyDictionary<string, double> _relativeParams;
    readonly Dictionary<string, JsonElement> _fixedParams;
    readonly bool _deferParams;
    readonly Lock _writeGate = new(); // the heartbeat timer writes pending parameters from another thread
    readonly Dictionary<string, double> _pendingParams = new(StringComparer.Ordinal);
    readonly Dictionary<string, Distribution> _pendingDistributions = new(StringComparer.Ordinal);
    FrozenTrial _snapshot;
    bool _finished;

    internal Trial(Study study, IStudyView samplerView, IStudyView prunerView, FrozenTrial snapshot,
        IReadOnlyDictionary<string, Distribution> relativeSpace, IReadOnlyDictionary<string, double> relativeParams, bool deferParams)
    {
        _study = study;
        _samplerView = samplerView;
        _prunerView = prunerView;
        _snapshot = snapshot;
        _relativeSpace = relativeSpace;
        _relativeParams = relativeParams;
        _fixedParams = ReadFixedParams(snapshot);
        _deferParams = deferParams;
    }

    /// <summary>The study the trial belongs to.</summary>
    public Study Study => _study;

    /// <summary>Dense 0-based number within the study.</summary>
    public int Number => _snapshot.Number;

    /// <summary>Storage id.</summary>
    public long TrialId => _snapshot.TrialId;

    /// <summary>When the trial started running (UTC, storage clock).</summary>
    public DateTime? Start => _snapshot.Start;

    /// <summary>The parameters suggested so far (user-facing values: double, long or string), in suggestion order. Allocates a new dictionary.</summary>
    public IReadOnlyDictionary<string, object> Params =>
        _snapshot.Params.ToDictionary(p => p.Key, p => _snapshot.Distributions[p.Key].ToExternal(p.Value));

    /// <summary>Distributions of the parameters suggested so far.</summary>
    public IReadOnlyDictionary<string, Distribution> Distributions => _snapshot.Distributions;

    /// <summary>The view the sampler sees (the study, or its Hyperband bracket).</summary>
    internal IStudyView SamplerView => _samplerView;

    internal FrozenTrial Snapshot => _snapshot;

    /// <summary>
    /// A real parameter in [<paramref name="low"/>, <paramref name="high"/>], log-uniform when <paramref name="log"/>,
    /// on the grid low + k·<paramref name="step"/> when a step is given. See <see cref="SuggestCategorical"/> for the
    /// rules shared by every suggest method.
    /// </summary>
    public double SuggestFloat(string name, double low, double high, bool log = false, double? step = null) =>
        Suggest(name, new FloatDistribution(low, high, log, step));

    /// <summary>An integer parameter in [<paramref name="low"/>, <paramref name="high"/>] on the grid low + k·<paramref name="step"/>, log-uniform when <paramref name="log"/>.</summary>
    public long SuggestInt(string name, long low, long high, bool log = false, long step = 1) =>
        (long)Suggest(name, new IntDistribution(low, high, log, step));

    /// <summary>An <see cref="int"/> parameter; the same as the <see cref="long"/> overload (the same distribution and stored value).</summary>
    public int SuggestInt(string name, int low, int high, bool log = false, int step = 1) =>
        checked((int)SuggestInt(name, (long)low, high, log, step));

    /// <summary>
    /// One of <paramref name="choices"/>. Rules (as Optuna): a parameter already suggested in this trial returns the same
    /// value and must use the same distribution (else InvalidParameter naming both); an enqueued (fixed) value is
    /// returned without sampling and must lie in the distribution (else InvalidParameter); a single-valued distribution
    /// returns its value; a value sampled jointly at ask time (relative search space) is used when the distribution
    /// matches and contains it; otherwise the sampler samples the parameter independently. The value is stored at once.
    /// Throws InvalidState after the trial was told.
    /// </summary>
    public string SuggestCategorical(string name, IReadOnlyList<string> choices) =>
        (string)new CategoricalDistribution(choices).ToExternal(Suggest(name, new CategoricalDistribution(choices)));

    double Suggest(string name, Distribution distribution)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ThrowIfFinished();
        if (_snapshot.Distributions.TryGetValue(name, out var existing))
        {
            if (!existing.Equals(distribution))
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Parameter '{name}' was already suggested in trial {Number} as {existing}; it cannot be suggested again as {distribution} (use the same range, or another name).");
            return _snapshot.Params[name];
        }
        double value = Choose(name, distribution);
        if (_deferParams)
        {
            lock (_writeGate)
            {
                _pendingParams[name] = value;
                _pendingDistributions[name] = distribution;
            }
        }
        else _study.Storage.SetParam(TrialId, name, value, distribution);
        _snapshot = _snapshot with
        {
            Params = _snapshot.Params.With(name, value),
            Distributions = _snapshot.Distributions.With(name, distribution),
        };
        return value;
    }

    double Choose(string name, Distribution distribution)
    {
        if (_fixedParams.TryGetValue(name, out var fixedJson))
        {
            var external = JsonText.ToParameterValue(fixedJson, name);
            try { return distribution.ToInternal(external); }
            catch (QuarryException e)
            {
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Enqueued value {fixedJson.GetRawText()} of parameter '{name}' (trial {Number}) is outside {distribution}: {e.Message}", e);
            }
        }
        if (distribution.IsSingle) return SingleValue(distribution);
        if (_relativeParams.TryGetValue(name, out var relative) && _relativeSpace.TryGetValue(name, out var space)
            && Compatible(space, distribution) && distribution.Contains(relative))
            return relative;
        double sampled = _study.Sampler.SampleIndependent(_samplerView, _snapshot, name, distribution);
        if (!distribution.Contains(sampled))
            throw new QuarryException(ErrorCode.InvalidState,
                $"Sampler {_study.Sampler.GetType().Name} returned {sampled} for parameter '{name}', outside {distribution}.");
        return sampled;
    }

    static double SingleValue(Distribution d) => d switch
    {
        FloatDistribution f => f.Low,
        IntDistribution i => i.Low,
        _ => 0,
    };

    static bool Compatible(Distribution a, Distribution b) => (a, b) switch
    {
        (FloatDistribution x, FloatDistribution y) => x.Log == y.Log,
        (IntDistribution x, IntDistribution y) => x.Log == y.Log,
        (CategoricalDistribution x, CategoricalDistribution y) => x.Equals(y),
        _ => false,
    };

    /// <summary>
    /// Reports the objective's intermediate value at <paramref name="step"/> (≥ 0) for pruning. As Optuna 3.1, a step
    /// reported before is ignored (the first value is kept). NaN and ±∞ are stored; pruners treat NaN as a reason to prune.
    /// </summary>
    public void Report(int step, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ThrowIfFinished();
        if (_snapshot.IntermediateValues.ContainsKey(step)) return;
        Write(new TrialUpdate { IntermediateValues = new Dictionary<int, double> { [step] = value } });
        _snapshot = _snapshot with { IntermediateValues = _snapshot.IntermediateValues.With(step, value) };
    }

    /// <summary>
    /// Asks the study's pruner whether to stop now (call after <see cref="Report"/>); when true, throw
    /// <see cref="TrialPrunedException"/> (or tell the trial Pruned). Reads a fresh snapshot of the trial from storage.
    /// </summary>
    public bool ShouldPrune()
    {
        ThrowIfFinished();
        Write(new TrialUpdate()); // the pruner reads the stored trial: store the pending parameters first
        var fresh = _study.Storage.GetTrial(TrialId);
        _snapshot = fresh;
        return _study.Pruner.Prune(_prunerView, fresh);
    }

    /// <summary>Sets a user attribute; <paramref name="value"/> is stored as JSON (System.Text.Json, ±∞/NaN as strings).</summary>
    public void SetUserAttribute(string key, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ThrowIfFinished();
        string json = JsonText.SerializeObject(value);
        Write(new TrialUpdate { UserAttributes = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = json } });
        _snapshot = _snapshot with { UserAttributes = _snapshot.UserAttributes.With(key, json) };
    }

    /// <summary>
    /// Records constraint values (system attribute <c>constraints</c>): the trial is feasible when every value is ≤ 0.
    /// <see cref="Study.BestTrial"/> prefers feasible trials. NaN is rejected (InvalidParameter); calling again replaces them.
    /// </summary>
    public void SetConstraints(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfFinished();
        foreach (var v in values)
            if (double.IsNaN(v))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Constraint values cannot be NaN (trial {Number}: [{string.Join(", ", values)}]).");
        string json = JsonText.Serialize(values);
        Write(new TrialUpdate { SystemAttributes = new Dictionary<string, string>(StringComparer.Ordinal) { [FrozenTrial.ConstraintsKey] = json } });
        _snapshot = _snapshot with { SystemAttributes = _snapshot.SystemAttributes.With(FrozenTrial.ConstraintsKey, json) };
    }

    internal void MarkFinished() => _finished = true;

    /// <summary>
    /// Stores <paramref name="update"/> together with the suggested parameters not stored yet, in one storage call
    /// (none when there is nothing to write). Thread-safe with respect to other calls of this method.
    /// </summary>
    internal void Write(TrialUpdate update)
    {
        lock (_writeGate)
        {
            update = WithPendingParams(update);
            if (update.IsEmpty) return;
            _study.Storage.UpdateTrial(TrialId, update);
            _pendingParams.Clear();
            _pendingDistributions.Clear();
        }
    }

    /// <summary>
    /// Sends <paramref name="update"/>, which finishes the trial, with the parameters not stored yet, and starts the
    /// worker's next trial in the same storage call (<see cref="IStudyStorage.FinishAndStartTrialPipelined"/>); returns
    /// it (null when the budget is spent) and the tell, which may still be committing.
    /// </summary>
    internal (FrozenTrial? Next, PendingTell Tell) WriteAndStartNext(TrialUpdate update, int? budget, bool heartbeat)
    {
        lock (_writeGate)
        {
            var started = _study.Storage.FinishAndStartTrialPipelined(TrialId, WithPendingParams(update), _study.Id, budget, heartbeat);
            _pendingParams.Clear();
            _pendingDistributions.Clear();
            return started;
        }
    }

    TrialUpdate WithPendingParams(TrialUpdate update) => _pendingParams.Count == 0 ? update : update with
    {
        Params = new Dictionary<string, double>(_pendingParams, StringComparer.Ordinal),
        Distributions = new Dictionary<string, Distribution>(_pendingDistributions, StringComparer.Ordinal),
    };

    /// <summary><paramref name="stored"/> (the storage's snapshot of this trial) with the parameters suggested but not stored yet.</summary>
    internal FrozenTrial WithPendingParams(FrozenTrial stored)
    {
        lock (_writeGate)
            return _pendingParams.Count == 0 ? stored : stored with { Params = _snapshot.Params, Distributions = _snapshot.Distributions };
    }

    void ThrowIfFinished()
    {
        if (_finished)
            throw new QuarryException(ErrorCode.InvalidState, $"Trial {Number} was already told; it cannot be changed (ask a new trial).");
    }

    static Dictionary<string, JsonElement> ReadFixedParams(FrozenTrial trial)
    {
        if (!trial.SystemAttributes.TryGetValue(FrozenTrial.FixedParamsKey, out var json)) return [];
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }
}
