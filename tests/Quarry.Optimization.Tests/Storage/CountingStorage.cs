using System.Collections.Concurrent;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Tests.Storage;

/// <summary>
/// Forwards to another storage and counts heartbeats (to wait for the heartbeat timer without sleeping blindly;
/// recorded alone, with a trial's start or within a batched update) and calls by method name (to check how many
/// storage calls a trial costs).
/// </summary>
public sealed class CountingStorage(IStudyStorage inner) : IStudyStorage
{
    int _heartbeats;
    readonly ConcurrentDictionary<string, int> _calls = new();

    public int Heartbeats => Volatile.Read(ref _heartbeats);

    /// <summary>Calls of one method so far.</summary>
    public int CallsTo(string method) => _calls.GetValueOrDefault(method);

    /// <summary>Calls of every method so far, by name.</summary>
    public IReadOnlyDictionary<string, int> Calls => _calls;

    T Count<T>(string method, Func<T> call)
    {
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        return call();
    }

    void Count(string method, Action call) => Count(method, () => { call(); return 0; });

    void Beat(bool recorded)
    {
        if (recorded) Interlocked.Increment(ref _heartbeats);
    }

    public void RecordHeartbeat(long trialId)
    {
        Count(nameof(RecordHeartbeat), () => inner.RecordHeartbeat(trialId));
        Beat(true);
    }

    public FrozenTrial? StartTrial(long studyId, int? budget = null, bool recordHeartbeat = false)
    {
        var started = Count(nameof(StartTrial), () => inner.StartTrial(studyId, budget, recordHeartbeat));
        Beat(started is not null && recordHeartbeat);
        return started;
    }

    public FrozenTrial? FinishAndStartTrial(long trialId, TrialUpdate update, long studyId, int? budget = null, bool recordHeartbeat = false)
    {
        var started = Count(nameof(FinishAndStartTrial), () => inner.FinishAndStartTrial(trialId, update, studyId, budget, recordHeartbeat));
        Beat(update.Heartbeat);
        Beat(started is not null && recordHeartbeat);
        return started;
    }

    public void UpdateTrial(long trialId, TrialUpdate update)
    {
        Count(nameof(UpdateTrial), () => inner.UpdateTrial(trialId, update));
        Beat(update.Heartbeat);
    }

    public StudyInfo CreateStudy(string name, StudyDirection direction) => Count(nameof(CreateStudy), () => inner.CreateStudy(name, direction));
    public StudyInfo? FindStudy(string name) => Count(nameof(FindStudy), () => inner.FindStudy(name));
    public IReadOnlyList<StudyInfo> ListStudies() => Count(nameof(ListStudies), inner.ListStudies);
    public void DeleteStudy(long studyId) => Count(nameof(DeleteStudy), () => inner.DeleteStudy(studyId));
    public void SetStudyUserAttribute(long studyId, string key, string json) => Count(nameof(SetStudyUserAttribute), () => inner.SetStudyUserAttribute(studyId, key, json));
    public IReadOnlyDictionary<string, string> GetStudyUserAttributes(long studyId) => Count(nameof(GetStudyUserAttributes), () => inner.GetStudyUserAttributes(studyId));
    public FrozenTrial CreateTrial(long studyId, TrialTemplate? template = null) => Count(nameof(CreateTrial), () => inner.CreateTrial(studyId, template));
    public FrozenTrial? ClaimWaitingTrial(long studyId) => Count(nameof(ClaimWaitingTrial), () => inner.ClaimWaitingTrial(studyId));
    public void SetParam(long trialId, string name, double internalValue, Distribution distribution) => Count(nameof(SetParam), () => inner.SetParam(trialId, name, internalValue, distribution));
    public bool SetState(long trialId, TrialState state, double? value = null) => Count(nameof(SetState), () => inner.SetState(trialId, state, value));
    public void SetIntermediateValue(long trialId, int step, double value) => Count(nameof(SetIntermediateValue), () => inner.SetIntermediateValue(trialId, step, value));
    public void SetTrialUserAttribute(long trialId, string key, string json) => Count(nameof(SetTrialUserAttribute), () => inner.SetTrialUserAttribute(trialId, key, json));
    public void SetTrialSystemAttribute(long trialId, string key, string json) => Count(nameof(SetTrialSystemAttribute), () => inner.SetTrialSystemAttribute(trialId, key, json));
    public FrozenTrial GetTrial(long trialId) => Count(nameof(GetTrial), () => inner.GetTrial(trialId));
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId, IReadOnlyCollection<TrialState>? states = null) => Count(nameof(GetTrials), () => inner.GetTrials(studyId, states));
    public IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan grace) => Count(nameof(FailStaleTrials), () => inner.FailStaleTrials(studyId, grace));
}
