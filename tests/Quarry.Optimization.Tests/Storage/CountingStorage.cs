using Quarry.Optimization.Distributions;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Tests.Storage;

/// <summary>Forwards to another storage and counts heartbeats (to wait for the heartbeat timer without sleeping blindly).</summary>
public sealed class CountingStorage(IStudyStorage inner) : IStudyStorage
{
    int _heartbeats;

    public int Heartbeats => Volatile.Read(ref _heartbeats);

    public void RecordHeartbeat(long trialId)
    {
        inner.RecordHeartbeat(trialId);
        Interlocked.Increment(ref _heartbeats);
    }

    public StudyInfo CreateStudy(string name, StudyDirection direction) => inner.CreateStudy(name, direction);
    public StudyInfo? FindStudy(string name) => inner.FindStudy(name);
    public IReadOnlyList<StudyInfo> ListStudies() => inner.ListStudies();
    public void DeleteStudy(long studyId) => inner.DeleteStudy(studyId);
    public void SetStudyUserAttribute(long studyId, string key, string json) => inner.SetStudyUserAttribute(studyId, key, json);
    public IReadOnlyDictionary<string, string> GetStudyUserAttributes(long studyId) => inner.GetStudyUserAttributes(studyId);
    public FrozenTrial CreateTrial(long studyId, TrialTemplate? template = null) => inner.CreateTrial(studyId, template);
    public FrozenTrial? ClaimWaitingTrial(long studyId) => inner.ClaimWaitingTrial(studyId);
    public FrozenTrial? StartTrial(long studyId, int? budget = null) => inner.StartTrial(studyId, budget);
    public void SetParam(long trialId, string name, double internalValue, Distribution distribution) => inner.SetParam(trialId, name, internalValue, distribution);
    public bool SetState(long trialId, TrialState state, double? value = null) => inner.SetState(trialId, state, value);
    public void SetIntermediateValue(long trialId, int step, double value) => inner.SetIntermediateValue(trialId, step, value);
    public void SetTrialUserAttribute(long trialId, string key, string json) => inner.SetTrialUserAttribute(trialId, key, json);
    public void SetTrialSystemAttribute(long trialId, string key, string json) => inner.SetTrialSystemAttribute(trialId, key, json);
    public FrozenTrial GetTrial(long trialId) => inner.GetTrial(trialId);
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId, IReadOnlyCollection<TrialState>? states = null) => inner.GetTrials(studyId, states);
    public IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan grace) => inner.FailStaleTrials(studyId, grace);
}
