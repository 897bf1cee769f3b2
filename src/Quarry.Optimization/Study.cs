using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Internal;
using Quarry.Optimization.Pruners;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization;

/// <summary>
/// An optimization study: wires a sampler, a pruner and a storage together (none knows the others) and runs trials
/// through <see cref="Ask"/>/<see cref="Tell(Trial, double)"/> or <see cref="Optimize"/>, which is a loop over them.
/// Several Study instances (threads, processes, machines) may share one storage and study name: they coordinate only
/// through the storage. Thread-safe: Ask, Tell and the readers may be called from several threads.
/// </summary>
public sealed class Study : IStudyView
{
    static readonly TrialState[] Complete = [TrialState.Complete];
    volatile bool _stopRequested;

    Study(StudyInfo info, IStudyStorage storage, ISampler? sampler, IPruner? pruner)
    {
        Info = info;
        Storage = storage;
        Sampler = sampler ?? new RandomSampler();
        Pruner = pruner ?? new NopPruner();
    }

    /// <summary>
    /// Creates a study. Defaults: <see cref="RandomSampler"/> (unseeded), <see cref="NopPruner"/>, a new
    /// <see cref="InMemoryStudyStorage"/>. Throws AlreadyExists when the storage holds a study of that name.
    /// </summary>
    public static Study Create(string name, StudyDirection direction, ISampler? sampler = null, IPruner? pruner = null, IStudyStorage? storage = null)
    {
        storage ??= new InMemoryStudyStorage();
        return new Study(storage.CreateStudy(name, direction), storage, sampler, pruner);
    }

    /// <summary>Loads an existing study from <paramref name="storage"/>; throws NotFound when there is none of that name.</summary>
    public static Study Load(string name, IStudyStorage storage, ISampler? sampler = null, IPruner? pruner = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var info = storage.FindStudy(name)
            ?? throw new QuarryException(ErrorCode.NotFound, $"Study '{name}' does not exist in this storage; create it with Study.Create or Study.CreateOrLoad.");
        return new Study(info, storage, sampler, pruner);
    }

    /// <summary>
    /// Loads the study when it exists, else creates it (safe when several workers start at once). Throws InvalidParameter
    /// when the stored study has another direction.
    /// </summary>
    public static Study CreateOrLoad(string name, StudyDirection direction, ISampler? sampler = null, IPruner? pruner = null, IStudyStorage? storage = null)
    {
        storage ??= new InMemoryStudyStorage();
        var info = storage.FindStudy(name);
        if (info is null)
        {
            try { info = storage.CreateStudy(name, direction); }
            catch (QuarryException e) when (e.Code == ErrorCode.AlreadyExists && storage.FindStudy(name) is not null)
            {
                info = storage.FindStudy(name)!;
            }
        }
        if (info.Direction != direction)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Study '{name}' exists with direction {info.Direction}, not {direction}; use {info.Direction} or another name.");
        return new Study(info, storage, sampler, pruner);
    }

    internal StudyInfo Info { get; }

    /// <summary>Storage id of the study.</summary>
    public long Id => Info.Id;

    /// <inheritdoc />
    public string Name => Info.Name;

    /// <inheritdoc />
    public StudyDirection Direction => Info.Direction;

    /// <summary>Where trials are stored.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>Proposes parameter values.</summary>
    public ISampler Sampler { get; }

    /// <summary>Decides early stopping.</summary>
    public IPruner Pruner { get; }

    /// <summary>All trials of the study (every worker's), in number order; a fresh snapshot on each call.</summary>
    public IReadOnlyList<FrozenTrial> Trials => Storage.GetTrials(Id);

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null) => Storage.GetTrials(Id, states);

    /// <inheritdoc />
    public void SetTrialSystemAttribute(long trialId, string key, string json) => Storage.SetTrialSystemAttribute(trialId, key, json);

    /// <summary>
    /// The best Complete trial (lowest value when minimising, highest when maximising; the lowest number wins a tie).
    /// As Optuna, trials that reported constraints are only considered when feasible (all ≤ 0); trials without
    /// constraints count as feasible. Throws InvalidState when no Complete (feasible) trial exists.
    /// </summary>
    public FrozenTrial BestTrial
    {
        get
        {
            var complete = GetTrials(Complete);
            if (complete.Count == 0)
                throw new QuarryException(ErrorCode.InvalidState, $"Study '{Name}' has no Complete trial yet; run trials before asking for the best one.");
            FrozenTrial? best = null;
            foreach (var t in complete)
            {
                if (!t.IsFeasible) continue;
                if (best is null || (Direction == StudyDirection.Minimize ? t.Value < best.Value : t.Value > best.Value)) best = t;
            }
            return best ?? throw new QuarryException(ErrorCode.InvalidState,
                $"Study '{Name}' has {complete.Count} Complete trials but none is feasible (every one has a constraint > 0).");
        }
    }

    /// <summary>The value of <see cref="BestTrial"/>.</summary>
    public double BestValue => BestTrial.Value!.Value;

    /// <summary>The user-facing parameters of <see cref="BestTrial"/>.</summary>
    public IReadOnlyDictionary<string, object> BestParams
    {
        get
        {
            var best = BestTrial;
            return best.Params.ToDictionary(p => p.Key, p => best.Param(p.Key));
        }
    }

    /// <summary>
    /// Starts a trial: claims the lowest-numbered Waiting (enqueued or retried) trial, else creates a Running one. Then
    /// calls <see cref="ISampler.BeforeTrial"/> and, as Optuna does at ask time, infers the relative search space and
    /// samples it jointly; suggest calls use those values. If the sampler throws, the trial is failed and the exception
    /// rethrown.
    /// </summary>
    public Trial Ask() => Start(null, heartbeat: false, deferParams: false)!;

    /// <summary>
    /// Starts a trial (null when <paramref name="budget"/> is spent), recording its first heartbeat with it when asked;
    /// with <paramref name="deferParams"/> its suggested parameters are stored with its next write (see <see cref="Trial"/>).
    /// </summary>
    internal Trial? Start(int? budget, bool heartbeat, bool deferParams) =>
        Storage.StartTrial(Id, budget, heartbeat) is { } frozen ? Prepare(frozen, deferParams) : null;

    /// <summary>
    /// The handle of a trial the storage has just started: calls the sampler's <see cref="ISampler.BeforeTrial"/> and
    /// samples the relative search space (see <see cref="Ask"/>); if the sampler throws, fails the trial and rethrows.
    /// <paramref name="beforeHistory"/>, when given, runs before the sampler or the pruner first reads the study's trials.
    /// </summary>
    internal Trial Prepare(FrozenTrial frozen, bool deferParams, Action? beforeHistory = null)
    {
        try
        {
            IStudyView study = beforeHistory is null ? this : new HistoryGateView(this, beforeHistory);
            var view = Pruner is HyperbandPruner hyperband ? hyperband.FilterStudy(study, frozen) : study;
            Sampler.BeforeTrial(view, frozen);
            frozen = Storage.GetTrial(frozen.TrialId);
            var space = Sampler.InferRelativeSearchSpace(view, frozen);
            IReadOnlyDictionary<string, double> relative = Collections.EmptyValues;
            if (space.Count > 0)
            {
                relative = Sampler.SampleRelative(view, frozen, space);
                frozen = Storage.GetTrial(frozen.TrialId);
            }
            return new Trial(this, view, study, frozen, space, relative, deferParams);
        }
        catch
        {
            TryFail(frozen.TrialId);
            throw;
        }
    }

    void TryFail(long trialId)
    {
        try { Storage.SetState(trialId, TrialState.Fail); }
        catch (QuarryException) { /* already finished: nothing to clean up */ }
    }

    /// <summary>
    /// Finishes <paramref name="trial"/> as Complete with <paramref name="value"/> (±∞ allowed); NaN finishes it as Fail
    /// (system attribute <c>fail_reason</c>). Calls <see cref="ISampler.AfterTrial"/> first, then stores the state even if
    /// the sampler throws. Returns the final snapshot. Throws InvalidState when the trial is already finished.
    /// </summary>
    public FrozenTrial Tell(Trial trial, double value) =>
        double.IsNaN(value) ? Finish(trial, TrialState.Fail, null, NaNReason) : Finish(trial, TrialState.Complete, value, null);

    /// <summary>The fail reason stored when the objective returns NaN.</summary>
    internal const string NaNReason = "The objective returned NaN.";

    /// <summary>
    /// Finishes <paramref name="trial"/> as Pruned or Fail (Complete needs a value: use <see cref="Tell(Trial, double)"/>).
    /// A Pruned trial keeps its last intermediate value as its value (none when it reported nothing or NaN), as Optuna does.
    /// </summary>
    public FrozenTrial Tell(Trial trial, TrialState state) => state switch
    {
        TrialState.Pruned or TrialState.Fail => Finish(trial, state, null, null),
        TrialState.Complete => throw new QuarryException(ErrorCode.InvalidParameter, $"Trial {trial.Number}: Complete needs a value; call Tell(trial, value)."),
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Trial {trial.Number}: cannot tell state {state}; tell Complete (with a value), Pruned or Fail."),
    };

    internal FrozenTrial Finish(Trial trial, TrialState state, double? value, string? failReason) =>
        Finish(trial, state, value, failReason, next: null).Finished.Wait();

    /// <summary>
    /// Finishes <paramref name="trial"/>; with <paramref name="next"/>, also starts the worker's next trial (within
    /// <c>Budget</c>, with its first heartbeat when <c>Heartbeat</c>) in the same storage call and returns it (null when
    /// the budget is spent). If the sampler's <see cref="ISampler.AfterTrial"/> throws, the trial is still stored and no
    /// trial is started. With <paramref name="next"/> the tell may still be committing when this returns
    /// (<see cref="IStudyStorage.FinishAndStartTrialPipelined"/>): <c>Finished.Wait()</c> acknowledges it.
    /// </summary>
    internal (ToldTrial Finished, FrozenTrial? Next) Finish(Trial trial, TrialState state, double? value, string? failReason, (int? Budget, bool Heartbeat)? next)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (!ReferenceEquals(trial.Study, this) && (trial.Study.Id != Id || trial.Study.Name != Name))
            throw new QuarryException(ErrorCode.InvalidParameter, $"Trial {trial.Number} belongs to study '{trial.Study.Name}', not '{Name}'.");
        var current = Storage.GetTrial(trial.TrialId);
        if (current.IsFinished)
        {
            trial.MarkFinished();
            throw new QuarryException(ErrorCode.InvalidState, $"Trial {current.Number} has already finished ({current.State}); it cannot be told again.");
        }
        if (state == TrialState.Pruned && current.LastStep is { } last && !double.IsNaN(current.IntermediateValues[last]))
            value = current.IntermediateValues[last];
        var system = state == TrialState.Fail && failReason is not null
            ? new Dictionary<string, string>(StringComparer.Ordinal) { ["fail_reason"] = JsonText.Serialize(failReason) }
            : null;
        bool sampled = false;
        FrozenTrial? started = null;
        var tell = PendingTell.Acknowledged;
        try
        {
            Sampler.AfterTrial(trial.SamplerView, trial.WithPendingParams(current), state, value);
            sampled = true;
        }
        finally
        {
            trial.MarkFinished();
            // One storage call: the parameters not stored yet, the fail reason and the state (and the next start).
            var update = new TrialUpdate { State = state, Value = value, SystemAttributes = system ?? new Dictionary<string, string>() };
            if (sampled && next is { } n) (started, tell) = trial.WriteAndStartNext(update, n.Budget, n.Heartbeat);
            else trial.Write(update);
        }
        return (new ToldTrial(Storage, trial.TrialId, tell), started);
    }

    /// <summary>
    /// Adds a Waiting trial whose parameters are fixed to <paramref name="parameters"/> (user-facing values: numbers or
    /// strings); the next <see cref="Ask"/> by any worker claims it, its suggest calls return these values (which must
    /// lie in the suggested distributions) and parameters not listed are sampled. <paramref name="userAttributes"/> are
    /// stored as JSON strings. Stored as system attribute <c>fixed_params</c>, as Optuna's enqueue_trial.
    /// </summary>
    public void Enqueue(IReadOnlyDictionary<string, object> parameters, IReadOnlyDictionary<string, string>? userAttributes = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (name, v) in parameters)
        {
            bool ok = v switch
            {
                string => true,
                double d => !double.IsNaN(d),
                float f => !float.IsNaN(f),
                int or long or short or byte or sbyte or uint or ulong or ushort or decimal => true,
                _ => false,
            };
            if (!ok)
                throw new QuarryException(ErrorCode.InvalidParameter, $"Enqueued parameter '{name}' = {v ?? "null"} must be a number (not NaN) or a string.");
        }
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (userAttributes is not null)
            foreach (var (k, v) in userAttributes) attrs[k] = JsonText.Serialize(v);
        Storage.CreateTrial(Id, new TrialTemplate
        {
            State = TrialState.Waiting,
            UserAttributes = attrs,
            SystemAttributes = new Dictionary<string, string> { [FrozenTrial.FixedParamsKey] = JsonText.SerializeObject(parameters.ToDictionary(p => p.Key, p => p.Value)) },
        });
    }

    /// <summary>
    /// Runs trials until a limit in <paramref name="options"/> is reached: a loop over <see cref="Ask"/>, the objective and
    /// Tell, on <see cref="OptimizeOptions.Jobs"/> threads. The objective returns the value (NaN fails the trial), throws
    /// <see cref="TrialPrunedException"/> to prune, or throws to fail (see <see cref="OptimizeOptions.Catch"/>).
    /// Cancellation: once <paramref name="cancellation"/> is cancelled no new trial starts; trials already running run
    /// to the end and are told normally (the objective may observe the same token: an OperationCanceledException thrown
    /// while it is cancelled fails that trial with <c>fail_reason</c> "interrupted" and is not rethrown). Optimize then
    /// returns normally with <see cref="OptimizeStopReason.Cancelled"/>; finished trials are kept.
    /// With a <see cref="GridSampler"/>, it also stops when every grid point has been evaluated. Each worker checks these
    /// limits before each start; without a <see cref="OptimizeOptions.Callback"/> a trial starts with the previous tell
    /// (one storage call), so a stop that comes after that tell lets the started trial run.
    /// </summary>
    public OptimizeResult Optimize(Func<Trial, double> objective, OptimizeOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _stopRequested = false;
        return new Optimizer(this, objective, options, cancellation).Run();
    }

    /// <summary>Asks the <see cref="Optimize"/> call in progress to start no new trial (running trials finish); typically called from a callback.</summary>
    public void Stop() => _stopRequested = true;

    internal bool StopRequested => _stopRequested;
}
