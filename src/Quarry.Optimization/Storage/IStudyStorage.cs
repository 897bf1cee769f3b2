using Quarry.Optimization.Distributions;

namespace Quarry.Optimization.Storage;

/// <summary>
/// Where studies and trials live; the only thing workers share. Contract (every implementation passes the same
/// contract test suite):
/// <list type="bullet">
/// <item>Thread-safe; for SQL stores also safe across processes and machines.</item>
/// <item>Trial numbers are dense per study (0, 1, 2, ...) and assigned atomically inside trial creation.</item>
/// <item>A finished trial (Complete, Pruned, Fail) is frozen: any write throws a QuarryException with ErrorCode.InvalidState.</item>
/// <item>Returned <see cref="FrozenTrial"/> snapshots never change.</item>
/// <item>Unknown ids throw ErrorCode.NotFound; a duplicate study name throws ErrorCode.AlreadyExists.</item>
/// </list>
/// Synchronous by design: the optimize loop, samplers and pruners are synchronous and every call is short.
/// </summary>
public interface IStudyStorage
{
    /// <summary>Creates a study.</summary>
    StudyInfo CreateStudy(string name, StudyDirection direction);

    /// <summary>The study with this name, or null.</summary>
    StudyInfo? FindStudy(string name);

    /// <summary>All studies, by id.</summary>
    IReadOnlyList<StudyInfo> ListStudies();

    /// <summary>Deletes a study and all its trials.</summary>
    void DeleteStudy(long studyId);

    /// <summary>Sets a study user attribute (JSON value).</summary>
    void SetStudyUserAttribute(long studyId, string key, string json);

    /// <summary>Study user attributes.</summary>
    IReadOnlyDictionary<string, string> GetStudyUserAttributes(long studyId);

    /// <summary>
    /// Creates a trial with the next number: Running (started now) when <paramref name="template"/> is null,
    /// otherwise in the template's state with its contents.
    /// </summary>
    FrozenTrial CreateTrial(long studyId, TrialTemplate? template = null);

    /// <summary>Atomically moves the lowest-numbered Waiting trial to Running and returns it; null when none is waiting.</summary>
    FrozenTrial? ClaimWaitingTrial(long studyId);

    /// <summary>
    /// Sets a parameter of an unfinished trial (idempotent for the same value and distribution; a new value with the same
    /// distribution overwrites). Throws InvalidParameter when the value is outside <paramref name="distribution"/> or the
    /// parameter is already set with a different distribution, InvalidState when the trial is finished.
    /// </summary>
    void SetParam(long trialId, string name, double internalValue, Distribution distribution);

    /// <summary>
    /// Moves a trial to <paramref name="state"/> (with its value when Complete, required and not NaN; optionally when
    /// Pruned, where it is the last intermediate value). Moving to Running is a compare-and-set from Waiting: it returns
    /// false when the trial is no longer Waiting (another worker claimed it) and records the start time. Finishing
    /// records the completion time. Throws InvalidState when the trial is already finished or when asked to move back
    /// to Waiting, InvalidParameter for a missing/NaN Complete value or a value given with Running, Waiting or Fail.
    /// </summary>
    bool SetState(long trialId, TrialState state, double? value = null);

    /// <summary>Records an intermediate value (upsert by step; NaN and ±∞ are stored as such). InvalidState when finished.</summary>
    void SetIntermediateValue(long trialId, int step, double value);

    /// <summary>Sets a trial user attribute (JSON value).</summary>
    void SetTrialUserAttribute(long trialId, string key, string json);

    /// <summary>Sets a trial system attribute (JSON value).</summary>
    void SetTrialSystemAttribute(long trialId, string key, string json);

    /// <summary>One trial.</summary>
    FrozenTrial GetTrial(long trialId);

    /// <summary>A study's trials in number order, optionally only those in <paramref name="states"/>.</summary>
    IReadOnlyList<FrozenTrial> GetTrials(long studyId, IReadOnlyCollection<TrialState>? states = null);

    /// <summary>Records that the worker running this trial is alive (storage clock). InvalidState when the trial is finished.</summary>
    void RecordHeartbeat(long trialId);

    /// <summary>
    /// Fails Running trials of the study whose last heartbeat is older than <paramref name="grace"/> (storage clock);
    /// trials that never sent a heartbeat are left alone. Returns the trials this call failed (a race loser gets none).
    /// </summary>
    IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan grace);

    /// <summary>
    /// Starts a trial for a worker (what <see cref="Study.Ask"/> does): claims the lowest-numbered Waiting trial, else
    /// creates a Running one. When <paramref name="budget"/> is set, nothing starts and null is returned once the study
    /// holds <paramref name="budget"/> or more trials that are Running or finished (Waiting ones do not count), so that
    /// workers sharing the storage start exactly <paramref name="budget"/> trials together. With
    /// <paramref name="recordHeartbeat"/>, the started trial's first heartbeat is recorded with it (a worker that dies
    /// at once still has its trial failed as stale).
    /// The default implementation checks, then claims or creates, then records the heartbeat, without atomicity (a race
    /// can overshoot the budget by the number of concurrent workers minus one); stores should override it and do all of
    /// it in one transaction.
    /// </summary>
    FrozenTrial? StartTrial(long studyId, int? budget = null, bool recordHeartbeat = false)
    {
        if (budget is { } limit)
        {
            int active = 0;
            foreach (var t in GetTrials(studyId))
                if (t.State != TrialState.Waiting) active++;
            if (active >= limit) return null;
        }
        var started = ClaimWaitingTrial(studyId) ?? CreateTrial(studyId);
        if (recordHeartbeat) RecordHeartbeat(started.TrialId);
        return started;
    }

    /// <summary>
    /// A worker's tell and its next start in one call: <see cref="UpdateTrial"/> of <paramref name="trialId"/> with
    /// <paramref name="update"/>, which must finish it (its <see cref="TrialUpdate.State"/> set), then
    /// <see cref="StartTrial"/> in <paramref name="studyId"/>; returns the started trial, or null when the budget is spent.
    /// The finished trial is durable before the next one is started. A failure in one part does not lose the other: when
    /// the update throws (as <see cref="UpdateTrial"/> does), nothing was written and no trial was started, so the
    /// caller may start one itself; when the start throws, the update is kept. Stores should do both in one round trip
    /// (SQL: the tell's transaction commits, then the start's). The default implementation makes the two calls.
    /// </summary>
    FrozenTrial? FinishAndStartTrial(long trialId, TrialUpdate update, long studyId, int? budget = null, bool recordHeartbeat = false)
    {
        TrialUpdate.CheckFinishes(update);
        UpdateTrial(trialId, update);
        return StartTrial(studyId, budget, recordHeartbeat);
    }

    /// <summary>
    /// <see cref="FinishAndStartTrial"/> without waiting for the tell: sends the tell of <paramref name="trialId"/> and
    /// the start in one round trip and returns the started trial (null when the budget is spent) as soon as it is
    /// known, with the tell still committing; its <see cref="PendingTell.Wait"/> returns once the tell is durable, or
    /// throws what <see cref="UpdateTrial"/> would. So a worker runs its next objective while the storage makes the last
    /// result durable (on PostgreSQL the WAL flush of a synchronous commit; it is never skipped). The start does not
    /// wait for the tell: it happens even when the tell then fails. Other workers see the tell only once it is durable.
    /// The default implementation is <see cref="FinishAndStartTrial"/> (the tell acknowledged before it returns).
    /// </summary>
    (FrozenTrial? Next, PendingTell Tell) FinishAndStartTrialPipelined(long trialId, TrialUpdate update, long studyId, int? budget = null, bool recordHeartbeat = false) =>
        (FinishAndStartTrial(trialId, update, studyId, budget, recordHeartbeat), PendingTell.Acknowledged);

    /// <summary>
    /// Applies <paramref name="update"/> to an unfinished trial: its parameters, intermediate values, attributes and
    /// heartbeat, then its final state when it has one. Throws as the single-write methods do (InvalidParameter for an
    /// invalid update or a parameter already stored with another distribution, InvalidState when the trial is finished,
    /// NotFound for an unknown id); stores should apply all of it atomically (SQL: one transaction), so that an error
    /// writes nothing. The default implementation calls the single-write methods in that order, without atomicity.
    /// </summary>
    void UpdateTrial(long trialId, TrialUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        update.Validate();
        foreach (var (name, value) in update.Params) SetParam(trialId, name, value, update.Distributions[name]);
        foreach (var (step, value) in update.IntermediateValues) SetIntermediateValue(trialId, step, value);
        foreach (var (key, json) in update.UserAttributes) SetTrialUserAttribute(trialId, key, json);
        foreach (var (key, json) in update.SystemAttributes) SetTrialSystemAttribute(trialId, key, json);
        if (update.Heartbeat) RecordHeartbeat(trialId);
        if (update.State is { } state) SetState(trialId, state, update.Value);
    }
}
