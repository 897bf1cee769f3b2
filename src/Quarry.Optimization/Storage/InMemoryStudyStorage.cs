using System.Collections.Immutable;
using System.Collections.ObjectModel;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Internal;

namespace Quarry.Optimization.Storage;

/// <summary>
/// An <see cref="IStudyStorage"/> in process memory: the default storage, for one process (any number of threads).
/// Every call takes one lock, so each is atomic; trials are kept as immutable <see cref="FrozenTrial"/> snapshots that
/// are replaced on write (copy-on-write), so reads return them without copying. Heartbeats and start/complete times use
/// the injected <see cref="TimeProvider"/> (tests pass a manual clock to make trials stale).
/// </summary>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    readonly Lock _gate = new();
    readonly TimeProvider _clock;
    readonly Dictionary<long, StudyRecord> _studies = [];
    readonly Dictionary<string, long> _studyIds = new(StringComparer.Ordinal);
    readonly Dictionary<long, TrialRecord> _trials = [];
    long _lastStudyId;
    long _lastTrialId;

    /// <summary>Creates an empty storage; <paramref name="clock"/> defaults to <see cref="TimeProvider.System"/>.</summary>
    public InMemoryStudyStorage(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    sealed class StudyRecord(StudyInfo info)
    {
        public StudyInfo Info { get; } = info;
        public Dictionary<string, string> UserAttributes { get; } = new(StringComparer.Ordinal);
        public List<TrialRecord> Trials { get; } = [];
        public SortedSet<int> Waiting { get; } = [];
    }

    sealed class TrialRecord(long studyId, FrozenTrial snapshot)
    {
        public long StudyId { get; } = studyId;
        public FrozenTrial Snapshot { get; set; } = snapshot;
        public DateTimeOffset? Heartbeat { get; set; }
    }

    DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    public StudyInfo CreateStudy(string name, StudyDirection direction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            if (_studyIds.ContainsKey(name))
                throw new QuarryException(ErrorCode.AlreadyExists, $"Study '{name}' already exists; load it, or choose another name.");
            var info = new StudyInfo(++_lastStudyId, name, direction);
            _studies.Add(info.Id, new StudyRecord(info));
            _studyIds.Add(name, info.Id);
            return info;
        }
    }

    /// <inheritdoc />
    public StudyInfo? FindStudy(string name)
    {
        lock (_gate) return _studyIds.TryGetValue(name, out var id) ? _studies[id].Info : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<StudyInfo> ListStudies()
    {
        lock (_gate) return [.. _studies.Values.Select(s => s.Info).OrderBy(s => s.Id)];
    }

    /// <inheritdoc />
    public void DeleteStudy(long studyId)
    {
        lock (_gate)
        {
            var study = Study(studyId);
            foreach (var t in study.Trials) _trials.Remove(t.Snapshot.TrialId);
            _studies.Remove(studyId);
            _studyIds.Remove(study.Info.Name);
        }
    }

    /// <inheritdoc />
    public void SetStudyUserAttribute(long studyId, string key, string json)
    {
        lock (_gate) Study(studyId).UserAttributes[key] = json;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> GetStudyUserAttributes(long studyId)
    {
        lock (_gate) return new Dictionary<string, string>(Study(studyId).UserAttributes).AsReadOnly();
    }

    /// <inheritdoc />
    public FrozenTrial CreateTrial(long studyId, TrialTemplate? template = null)
    {
        var state = template?.State ?? TrialState.Running;
        if (template is not null) Validate(template);
        lock (_gate)
        {
            var study = Study(studyId);
            var now = Now;
            var snapshot = new FrozenTrial(
                ++_lastTrialId, study.Trials.Count, state,
                state is TrialState.Complete or TrialState.Pruned ? template?.Value : null,
                template?.Params.Frozen() ?? Collections.EmptyValues,
                template?.Distributions.Frozen() ?? ReadOnlyDictionary<string, Distribution>.Empty,
                template is null ? ImmutableSortedDictionary<int, double>.Empty : ImmutableSortedDictionary.CreateRange(template.IntermediateValues),
                template?.UserAttributes.Frozen() ?? ReadOnlyDictionary<string, string>.Empty,
                template?.SystemAttributes.Frozen() ?? ReadOnlyDictionary<string, string>.Empty,
                state == TrialState.Waiting ? null : now,
                state.IsFinished() ? now : null);
            var record = new TrialRecord(studyId, snapshot);
            study.Trials.Add(record);
            if (state == TrialState.Waiting) study.Waiting.Add(snapshot.Number);
            _trials.Add(snapshot.TrialId, record);
            return snapshot;
        }
    }

    static void Validate(TrialTemplate template)
    {
        if (template.State == TrialState.Complete && (template.Value is not { } v || double.IsNaN(v)))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Complete trial template needs a Value that is not NaN.");
        if (template.State == TrialState.Pruned && template.Value is { } p && double.IsNaN(p))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Pruned trial template's Value cannot be NaN (leave it null).");
        foreach (var (name, value) in template.Params)
        {
            if (!template.Distributions.TryGetValue(name, out var d))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Trial template parameter '{name}' has no distribution; add it to Distributions.");
            if (!d.Contains(value))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Trial template parameter '{name}' = {value} is outside {d}.");
        }
    }

    /// <inheritdoc />
    public FrozenTrial? ClaimWaitingTrial(long studyId)
    {
        lock (_gate) return ClaimLocked(Study(studyId));
    }

    FrozenTrial? ClaimLocked(StudyRecord study)
    {
        if (study.Waiting.Count == 0) return null;
        int number = study.Waiting.Min;
        study.Waiting.Remove(number);
        var record = study.Trials[number];
        record.Snapshot = record.Snapshot with { State = TrialState.Running, Start = Now };
        return record.Snapshot;
    }

    /// <inheritdoc />
    public FrozenTrial? StartTrial(long studyId, int? budget = null, bool recordHeartbeat = false)
    {
        lock (_gate)
        {
            var study = Study(studyId);
            if (budget is { } limit && study.Trials.Count - study.Waiting.Count >= limit) return null;
            var started = ClaimLocked(study) ?? CreateTrial(studyId);
            if (recordHeartbeat) _trials[started.TrialId].Heartbeat = _clock.GetUtcNow();
            return started;
        }
    }

    /// <summary>
    /// <see cref="IStudyStorage.FinishAndStartTrial"/> under one lock: no other call sees the trial finished before the
    /// next one is started. A failed update starts nothing; a failed start (an unknown study) keeps the update.
    /// </summary>
    public FrozenTrial? FinishAndStartTrial(long trialId, TrialUpdate update, long studyId, int? budget = null, bool recordHeartbeat = false)
    {
        TrialUpdate.CheckFinishes(update);
        lock (_gate)
        {
            UpdateTrial(trialId, update);
            return StartTrial(studyId, budget, recordHeartbeat);
        }
    }

    /// <inheritdoc />
    public void SetParam(long trialId, string name, double internalValue, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        UpdateTrial(trialId, new TrialUpdate
        {
            Params = new Dictionary<string, double> { [name] = internalValue },
            Distributions = new Dictionary<string, Distribution> { [name] = distribution },
        });
    }

    /// <inheritdoc />
    public void UpdateTrial(long trialId, TrialUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        update.Validate();
        lock (_gate)
        {
            var record = Unfinished(trialId);
            var t = record.Snapshot;
            foreach (var (name, distribution) in update.Distributions)
                if (t.Distributions.TryGetValue(name, out var existing) && !existing.Equals(distribution))
                    throw new QuarryException(ErrorCode.InvalidParameter,
                        $"Parameter '{name}' of trial {t.Number} is already set with {existing}; it cannot be set with {distribution}.");
            record.Snapshot = update.ApplyTo(t, update.State is null ? null : Now);
            if (update.Heartbeat) record.Heartbeat = _clock.GetUtcNow();
            if (update.State is not null) _studies[record.StudyId].Waiting.Remove(t.Number);
        }
    }

    /// <inheritdoc />
    public bool SetState(long trialId, TrialState state, double? value = null)
    {
        if (value is not null && state is not (TrialState.Complete or TrialState.Pruned))
            throw new QuarryException(ErrorCode.InvalidParameter, $"A value can only be stored with Complete or Pruned, not {state}.");
        if (state == TrialState.Complete && (value is not { } v || double.IsNaN(v)))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Complete trial needs a value that is not NaN (tell NaN as Fail).");
        if (state == TrialState.Pruned && value is { } p && double.IsNaN(p))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Pruned trial's value cannot be NaN (store none).");
        lock (_gate)
        {
            var record = Unfinished(trialId);
            var t = record.Snapshot;
            var study = _studies[record.StudyId];
            switch (state)
            {
                case TrialState.Waiting:
                    throw new QuarryException(ErrorCode.InvalidState, $"Trial {t.Number} is {t.State}; a trial cannot move back to Waiting.");
                case TrialState.Running:
                    if (t.State != TrialState.Waiting) return false;
                    study.Waiting.Remove(t.Number);
                    record.Snapshot = t with { State = TrialState.Running, Start = Now };
                    return true;
                default:
                    study.Waiting.Remove(t.Number);
                    record.Snapshot = t with { State = state, Value = value, Complete = Now };
                    return true;
            }
        }
    }

    /// <inheritdoc />
    public void SetIntermediateValue(long trialId, int step, double value) =>
        UpdateTrial(trialId, new TrialUpdate { IntermediateValues = new Dictionary<int, double> { [step] = value } });

    /// <inheritdoc />
    public void SetTrialUserAttribute(long trialId, string key, string json) =>
        UpdateTrial(trialId, new TrialUpdate { UserAttributes = new Dictionary<string, string> { [key] = json } });

    /// <inheritdoc />
    public void SetTrialSystemAttribute(long trialId, string key, string json) =>
        UpdateTrial(trialId, new TrialUpdate { SystemAttributes = new Dictionary<string, string> { [key] = json } });

    /// <inheritdoc />
    public FrozenTrial GetTrial(long trialId)
    {
        lock (_gate) return Trial(trialId).Snapshot;
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (_gate)
        {
            var trials = Study(studyId).Trials;
            var result = new List<FrozenTrial>(trials.Count);
            foreach (var t in trials)
                if (states is null || states.Contains(t.Snapshot.State)) result.Add(t.Snapshot);
            return result.AsReadOnly();
        }
    }

    /// <inheritdoc />
    public void RecordHeartbeat(long trialId)
    {
        lock (_gate) Unfinished(trialId).Heartbeat = _clock.GetUtcNow();
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan grace)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var failed = new List<FrozenTrial>();
            foreach (var record in Study(studyId).Trials)
            {
                if (record.Snapshot.State != TrialState.Running || record.Heartbeat is not { } beat || now - beat <= grace) continue;
                record.Snapshot = record.Snapshot with { State = TrialState.Fail, Complete = now.UtcDateTime };
                failed.Add(record.Snapshot);
            }
            return failed.AsReadOnly();
        }
    }

    StudyRecord Study(long studyId) =>
        _studies.TryGetValue(studyId, out var s) ? s : throw new QuarryException(ErrorCode.NotFound, $"Study id {studyId} does not exist (deleted, or from another storage).");

    TrialRecord Trial(long trialId) =>
        _trials.TryGetValue(trialId, out var t) ? t : throw new QuarryException(ErrorCode.NotFound, $"Trial id {trialId} does not exist (deleted, or from another storage).");

    TrialRecord Unfinished(long trialId)
    {
        var record = Trial(trialId);
        if (record.Snapshot.IsFinished)
            throw new QuarryException(ErrorCode.InvalidState,
                $"Trial {record.Snapshot.Number} (id {trialId}) has already finished ({record.Snapshot.State}) and cannot be updated.");
        return record;
    }
}
