// The contract every IStudyStorage must pass (see the IStudyStorage docs). To test a new store:
//
//   public sealed class SqliteStudyStorageTests : StudyStorageContract
//   {
//       protected override IStudyStorage CreateStorage() => new SqliteStudyStorage(connectionString);
//   }
//
// - CreateStorage() is called once or more per test; stores may share one database across tests and calls: every test
//   uses fresh study names (NewName) and never lists more than its own studies' contents.
// - Time: heartbeat tests record heartbeats, call AdvanceClock(1.5 s) and then FailStaleTrials with a grace of 1 s.
//   The default AdvanceClock sleeps (right for stores that use the database clock, e.g. SQL now()): those tests then
//   take ~1.5 s each. The in-memory store overrides it to move a manual clock instead.
// - Concurrency tests use ConcurrentThreads × TrialsPerThread trials (8 × 200); a slow store may lower TrialsPerThread.
// - StartTrial with a budget must be atomic (the default interface implementation is not): override it in the store.
// - From another test project, either add a ProjectReference to this one (only the referencing assembly's own test
//   classes run), or link this file and Concurrently.cs with <Compile Include="..." Link="..." />.
using System.Collections.Concurrent;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Pruners;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Tests.Storage;

public abstract class StudyStorageContract
{
    /// <summary>A storage to test (may be connected to a database shared with other tests).</summary>
    protected abstract IStudyStorage CreateStorage();

    /// <summary>Makes the storage clock move forward by at least <paramref name="by"/>; sleeps by default.</summary>
    protected virtual void AdvanceClock(TimeSpan by) => Thread.Sleep(by);

    /// <summary>Threads in the concurrency tests.</summary>
    protected virtual int ConcurrentThreads => 8;

    /// <summary>Trials each thread creates in the concurrent numbering test.</summary>
    protected virtual int TrialsPerThread => 200;

    protected static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    protected static readonly TimeSpan PastGrace = TimeSpan.FromSeconds(1.5);

    protected static string NewName(string prefix = "contract") => $"{prefix}-{Guid.NewGuid():N}";

    protected static readonly FloatDistribution X = new(-1, 1);

    static void AssertCode(ErrorCode code, Action action) => Assert.Equal(code, Assert.Throws<QuarryException>(action).Code);

    (IStudyStorage Storage, long StudyId) NewStudy(StudyDirection direction = StudyDirection.Minimize)
    {
        var storage = CreateStorage();
        return (storage, storage.CreateStudy(NewName(), direction).Id);
    }

    // ---- studies --------------------------------------------------------------------------------------------------

    [Fact]
    public void CreateStudy_then_FindStudy_returns_it()
    {
        var storage = CreateStorage();
        string name = NewName();
        var created = storage.CreateStudy(name, StudyDirection.Maximize);
        Assert.Equal(new StudyInfo(created.Id, name, StudyDirection.Maximize), storage.FindStudy(name));
        Assert.Contains(created, storage.ListStudies());
        Assert.Null(storage.FindStudy(NewName()));
    }

    [Fact]
    public void CreateStudy_with_existing_name_throws_AlreadyExists()
    {
        var storage = CreateStorage();
        string name = NewName();
        storage.CreateStudy(name, StudyDirection.Minimize);
        AssertCode(ErrorCode.AlreadyExists, () => storage.CreateStudy(name, StudyDirection.Maximize));
    }

    [Fact]
    public void ListStudies_is_in_id_order()
    {
        var storage = CreateStorage();
        var a = storage.CreateStudy(NewName(), StudyDirection.Minimize);
        var b = storage.CreateStudy(NewName(), StudyDirection.Minimize);
        var ids = storage.ListStudies().Select(s => s.Id).ToList();
        Assert.True(ids.IndexOf(a.Id) < ids.IndexOf(b.Id));
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public void DeleteStudy_removes_the_study_and_its_trials()
    {
        var storage = CreateStorage();
        string name = NewName();
        long id = storage.CreateStudy(name, StudyDirection.Minimize).Id;
        var trial = storage.CreateTrial(id);
        storage.DeleteStudy(id);
        Assert.Null(storage.FindStudy(name));
        AssertCode(ErrorCode.NotFound, () => storage.GetTrials(id));
        AssertCode(ErrorCode.NotFound, () => storage.GetTrial(trial.TrialId));
        AssertCode(ErrorCode.NotFound, () => storage.DeleteStudy(id));
        Assert.NotEqual(id, storage.CreateStudy(name, StudyDirection.Minimize).Id);
    }

    [Fact]
    public void Study_user_attributes_are_upserted()
    {
        var (storage, id) = NewStudy();
        Assert.Empty(storage.GetStudyUserAttributes(id));
        storage.SetStudyUserAttribute(id, "a", "1");
        storage.SetStudyUserAttribute(id, "b", "\"x\"");
        storage.SetStudyUserAttribute(id, "a", "[1,2]");
        var attrs = storage.GetStudyUserAttributes(id);
        Assert.Equal(2, attrs.Count);
        Assert.Equal("[1,2]", attrs["a"]);
        Assert.Equal("\"x\"", attrs["b"]);
    }

    [Fact]
    public void Unknown_ids_throw_NotFound()
    {
        var (storage, id) = NewStudy();
        const long missing = 987_654_321_000;
        AssertCode(ErrorCode.NotFound, () => storage.GetTrials(missing));
        AssertCode(ErrorCode.NotFound, () => storage.CreateTrial(missing));
        AssertCode(ErrorCode.NotFound, () => storage.ClaimWaitingTrial(missing));
        AssertCode(ErrorCode.NotFound, () => storage.StartTrial(missing));
        AssertCode(ErrorCode.NotFound, () => storage.DeleteStudy(missing));
        AssertCode(ErrorCode.NotFound, () => storage.SetStudyUserAttribute(missing, "k", "1"));
        AssertCode(ErrorCode.NotFound, () => storage.GetStudyUserAttributes(missing));
        AssertCode(ErrorCode.NotFound, () => storage.FailStaleTrials(missing, Grace));
        AssertCode(ErrorCode.NotFound, () => storage.GetTrial(missing));
        AssertCode(ErrorCode.NotFound, () => storage.SetParam(missing, "x", 0, X));
        AssertCode(ErrorCode.NotFound, () => storage.SetState(missing, TrialState.Fail));
        AssertCode(ErrorCode.NotFound, () => storage.SetIntermediateValue(missing, 0, 1));
        AssertCode(ErrorCode.NotFound, () => storage.SetTrialUserAttribute(missing, "k", "1"));
        AssertCode(ErrorCode.NotFound, () => storage.SetTrialSystemAttribute(missing, "k", "1"));
        AssertCode(ErrorCode.NotFound, () => storage.RecordHeartbeat(missing));
        Assert.Empty(storage.GetTrials(id));
    }

    // ---- creation and numbering -----------------------------------------------------------------------------------

    [Fact]
    public void CreateTrial_without_template_is_Running_started_and_numbered_densely_per_study()
    {
        var storage = CreateStorage();
        long a = storage.CreateStudy(NewName(), StudyDirection.Minimize).Id;
        long b = storage.CreateStudy(NewName(), StudyDirection.Minimize).Id;
        var a0 = storage.CreateTrial(a);
        var b0 = storage.CreateTrial(b);
        var a1 = storage.CreateTrial(a, new TrialTemplate());
        var a2 = storage.CreateTrial(a);
        Assert.Equal([0, 1, 2], new[] { a0, a1, a2 }.Select(t => t.Number));
        Assert.Equal(0, b0.Number);
        Assert.Equal(TrialState.Running, a0.State);
        Assert.NotNull(a0.Start);
        Assert.Null(a0.Complete);
        Assert.Null(a0.Value);
        Assert.Empty(a0.Params);
        Assert.Equal(TrialState.Waiting, a1.State);
        Assert.Null(a1.Start);
        Assert.Equal(4, new[] { a0, a1, a2, b0 }.Select(t => t.TrialId).Distinct().Count());
        Assert.Equal(a1, storage.GetTrial(a1.TrialId));
    }

    [Fact]
    public void CreateTrial_from_a_Complete_template_stores_everything()
    {
        var (storage, id) = NewStudy();
        var cat = new CategoricalDistribution(["a", "b", "c"]);
        var template = new TrialTemplate
        {
            State = TrialState.Complete,
            Value = 2.5,
            Params = new Dictionary<string, double> { ["x"] = 0.5, ["c"] = 2 },
            Distributions = new Dictionary<string, Distribution> { ["x"] = X, ["c"] = cat },
            IntermediateValues = new Dictionary<int, double> { [0] = 3, [4] = 2.5 },
            UserAttributes = new Dictionary<string, string> { ["u"] = "\"v\"" },
            SystemAttributes = new Dictionary<string, string> { ["s"] = "[1]" },
        };
        var t = storage.CreateTrial(id, template);
        foreach (var trial in new[] { t, storage.GetTrial(t.TrialId) })
        {
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Equal(2.5, trial.Value);
            Assert.Equal(0.5, trial.Params["x"]);
            Assert.Equal("c", trial.Param("c"));
            Assert.Equal(cat, trial.Distributions["c"]);
            Assert.Equal(X, trial.Distributions["x"]);
            Assert.Equal(2.5, trial.IntermediateValues[4]);
            Assert.Equal(4, trial.LastStep);
            Assert.Equal("\"v\"", trial.UserAttributes["u"]);
            Assert.Equal("[1]", trial.SystemAttributes["s"]);
            Assert.NotNull(trial.Complete);
        }
    }

    [Fact]
    public void CreateTrial_with_an_invalid_template_throws_InvalidParameter()
    {
        var (storage, id) = NewStudy();
        AssertCode(ErrorCode.InvalidParameter, () => storage.CreateTrial(id, new TrialTemplate { State = TrialState.Complete }));
        AssertCode(ErrorCode.InvalidParameter, () => storage.CreateTrial(id, new TrialTemplate
        {
            Params = new Dictionary<string, double> { ["x"] = 5 },
            Distributions = new Dictionary<string, Distribution> { ["x"] = X },
        }));
        AssertCode(ErrorCode.InvalidParameter, () => storage.CreateTrial(id, new TrialTemplate { Params = new Dictionary<string, double> { ["x"] = 0 } }));
    }

    [Fact]
    public void Concurrent_CreateTrial_numbers_are_dense_and_unique()
    {
        var (storage, id) = NewStudy();
        var numbers = new ConcurrentBag<int>();
        var ids = new ConcurrentBag<long>();
        Concurrently.Run(ConcurrentThreads, _ =>
        {
            for (int i = 0; i < TrialsPerThread; i++)
            {
                var t = storage.CreateTrial(id);
                numbers.Add(t.Number);
                ids.Add(t.TrialId);
            }
        });
        int total = ConcurrentThreads * TrialsPerThread;
        Assert.Equal(Enumerable.Range(0, total), numbers.Order());
        Assert.Equal(total, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, total), storage.GetTrials(id).Select(t => t.Number));
    }

    // ---- states ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(TrialState.Complete)]
    [InlineData(TrialState.Pruned)]
    [InlineData(TrialState.Fail)]
    public void Finished_trials_are_frozen(TrialState state)
    {
        var (storage, id) = NewStudy();
        var t = storage.CreateTrial(id);
        storage.SetParam(t.TrialId, "x", 0.25, X);
        Assert.True(storage.SetState(t.TrialId, state, state == TrialState.Complete ? 1.0 : null));
        long tid = t.TrialId;
        AssertCode(ErrorCode.InvalidState, () => storage.SetParam(tid, "y", 0.5, X));
        AssertCode(ErrorCode.InvalidState, () => storage.SetParam(tid, "x", 0.25, X));
        AssertCode(ErrorCode.InvalidState, () => storage.SetState(tid, TrialState.Complete, 2.0));
        AssertCode(ErrorCode.InvalidState, () => storage.SetState(tid, TrialState.Fail));
        AssertCode(ErrorCode.InvalidState, () => storage.SetState(tid, TrialState.Running));
        AssertCode(ErrorCode.InvalidState, () => storage.SetIntermediateValue(tid, 1, 1));
        AssertCode(ErrorCode.InvalidState, () => storage.SetTrialUserAttribute(tid, "k", "1"));
        AssertCode(ErrorCode.InvalidState, () => storage.SetTrialSystemAttribute(tid, "k", "1"));
        AssertCode(ErrorCode.InvalidState, () => storage.RecordHeartbeat(tid));
        var stored = storage.GetTrial(tid);
        Assert.Equal(state, stored.State);
        Assert.NotNull(stored.Complete);
        Assert.Equal(0.25, stored.Params["x"]);
    }

    [Fact]
    public void SetState_stores_values_and_checks_them()
    {
        var (storage, id) = NewStudy();
        var complete = storage.CreateTrial(id);
        var pruned = storage.CreateTrial(id);
        var prunedNoValue = storage.CreateTrial(id);
        var fail = storage.CreateTrial(id);
        var inf = storage.CreateTrial(id);
        AssertCode(ErrorCode.InvalidParameter, () => storage.SetState(complete.TrialId, TrialState.Complete));
        AssertCode(ErrorCode.InvalidParameter, () => storage.SetState(complete.TrialId, TrialState.Complete, double.NaN));
        AssertCode(ErrorCode.InvalidParameter, () => storage.SetState(fail.TrialId, TrialState.Fail, 1.0));
        AssertCode(ErrorCode.InvalidState, () => storage.SetState(fail.TrialId, TrialState.Waiting));
        Assert.True(storage.SetState(complete.TrialId, TrialState.Complete, -3.5));
        Assert.True(storage.SetState(pruned.TrialId, TrialState.Pruned, 7.0));
        Assert.True(storage.SetState(prunedNoValue.TrialId, TrialState.Pruned));
        Assert.True(storage.SetState(fail.TrialId, TrialState.Fail));
        Assert.True(storage.SetState(inf.TrialId, TrialState.Complete, double.NegativeInfinity));
        Assert.Equal(-3.5, storage.GetTrial(complete.TrialId).Value);
        Assert.Equal(7.0, storage.GetTrial(pruned.TrialId).Value);
        Assert.Null(storage.GetTrial(prunedNoValue.TrialId).Value);
        Assert.Null(storage.GetTrial(fail.TrialId).Value);
        Assert.Equal(double.NegativeInfinity, storage.GetTrial(inf.TrialId).Value);
    }

    [Fact]
    public void SetState_Running_is_a_compare_and_set_from_Waiting()
    {
        var (storage, id) = NewStudy();
        var waiting = storage.CreateTrial(id, new TrialTemplate());
        Assert.True(storage.SetState(waiting.TrialId, TrialState.Running));
        var running = storage.GetTrial(waiting.TrialId);
        Assert.Equal(TrialState.Running, running.State);
        Assert.NotNull(running.Start);
        Assert.False(storage.SetState(waiting.TrialId, TrialState.Running));
        Assert.Null(storage.ClaimWaitingTrial(id));
    }

    [Fact]
    public void Waiting_trial_can_be_finished_directly()
    {
        var (storage, id) = NewStudy();
        var waiting = storage.CreateTrial(id, new TrialTemplate());
        Assert.True(storage.SetState(waiting.TrialId, TrialState.Fail));
        Assert.Equal(TrialState.Fail, storage.GetTrial(waiting.TrialId).State);
        Assert.Null(storage.ClaimWaitingTrial(id));
    }

    // ---- waiting queue --------------------------------------------------------------------------------------------

    [Fact]
    public void ClaimWaitingTrial_takes_the_lowest_number_first()
    {
        var (storage, id) = NewStudy();
        Assert.Null(storage.ClaimWaitingTrial(id));
        storage.CreateTrial(id);
        var w1 = storage.CreateTrial(id, new TrialTemplate { SystemAttributes = new Dictionary<string, string> { ["fixed_params"] = "{\"x\":0.5}" } });
        var w2 = storage.CreateTrial(id, new TrialTemplate());
        var claimed = storage.ClaimWaitingTrial(id);
        Assert.NotNull(claimed);
        Assert.Equal(w1.TrialId, claimed.TrialId);
        Assert.Equal(TrialState.Running, claimed.State);
        Assert.NotNull(claimed.Start);
        Assert.Equal("{\"x\":0.5}", claimed.SystemAttributes["fixed_params"]);
        Assert.Equal(w2.TrialId, storage.ClaimWaitingTrial(id)?.TrialId);
        Assert.Null(storage.ClaimWaitingTrial(id));
    }

    [Fact]
    public void Concurrent_claims_take_each_waiting_trial_exactly_once()
    {
        var (storage, id) = NewStudy();
        const int waiting = 60;
        for (int i = 0; i < waiting; i++) storage.CreateTrial(id, new TrialTemplate());
        var claimed = new ConcurrentBag<long>();
        Concurrently.Run(ConcurrentThreads, _ =>
        {
            while (storage.ClaimWaitingTrial(id) is { } t) claimed.Add(t.TrialId);
        });
        Assert.Equal(waiting, claimed.Count);
        Assert.Equal(waiting, claimed.Distinct().Count());
        Assert.All(storage.GetTrials(id), t => Assert.Equal(TrialState.Running, t.State));
    }

    [Fact]
    public void Concurrent_SetState_Running_has_one_winner()
    {
        var (storage, id) = NewStudy();
        var w = storage.CreateTrial(id, new TrialTemplate());
        int wins = 0;
        Concurrently.Run(ConcurrentThreads, _ =>
        {
            if (storage.SetState(w.TrialId, TrialState.Running)) Interlocked.Increment(ref wins);
        });
        Assert.Equal(1, wins);
    }

    [Fact]
    public void StartTrial_claims_waiting_trials_before_creating()
    {
        var (storage, id) = NewStudy();
        var w = storage.CreateTrial(id, new TrialTemplate());
        var first = storage.StartTrial(id);
        var second = storage.StartTrial(id);
        Assert.Equal(w.TrialId, first?.TrialId);
        Assert.Equal(TrialState.Running, first?.State);
        Assert.Equal(1, second?.Number);
        Assert.Equal(TrialState.Running, second?.State);
    }

    [Fact]
    public void StartTrial_with_a_budget_counts_running_and_finished_but_not_waiting()
    {
        var (storage, id) = NewStudy();
        storage.SetState(storage.CreateTrial(id).TrialId, TrialState.Fail);
        storage.CreateTrial(id);
        storage.CreateTrial(id, new TrialTemplate());
        Assert.Null(storage.StartTrial(id, budget: 2));
        var started = storage.StartTrial(id, budget: 3);
        Assert.Equal(2, started?.Number);
        Assert.Null(storage.StartTrial(id, budget: 3));
        Assert.Equal(3, storage.StartTrial(id, budget: 4)?.Number);
    }

    [Fact]
    public void Concurrent_StartTrial_with_a_budget_starts_exactly_the_budget()
    {
        var (storage, id) = NewStudy();
        const int budget = 50;
        for (int i = 0; i < 10; i++) storage.CreateTrial(id, new TrialTemplate());
        int started = 0;
        Concurrently.Run(ConcurrentThreads, _ =>
        {
            while (storage.StartTrial(id, budget) is { } t)
            {
                Interlocked.Increment(ref started);
                storage.SetState(t.TrialId, TrialState.Complete, 1.0);
            }
        });
        Assert.Equal(budget, started);
        Assert.Equal(budget, storage.GetTrials(id).Count(t => t.State != TrialState.Waiting));
    }

    // ---- params, intermediate values, attributes ------------------------------------------------------------------

    [Fact]
    public void SetParam_is_idempotent_and_checks_the_distribution()
    {
        var (storage, id) = NewStudy();
        var t = storage.CreateTrial(id);
        var log = new FloatDistribution(1e-5, 1, log: true);
        var ints = new IntDistribution(0, 100, step: 5);
        var cat = new CategoricalDistribution(["sma", "ema"]);
        storage.SetParam(t.TrialId, "lr", 1e-3, log);
        storage.SetParam(t.TrialId, "lr", 1e-3, log);
        storage.SetParam(t.TrialId, "n", 35, ints);
        storage.SetParam(t.TrialId, "kind", 1, cat);
        AssertCode(ErrorCode.InvalidParameter, () => storage.SetParam(t.TrialId, "lr", 1e-3, new FloatDistribution(1e-5, 1)));
        AssertCode(ErrorCode.InvalidParameter, () => storage.SetParam(t.TrialId, "n", 36, ints));
        AssertCode(ErrorCode.InvalidParameter, () => storage.SetParam(t.TrialId, "z", 2, X));
        var stored = storage.GetTrial(t.TrialId);
        Assert.Equal(3, stored.Params.Count);
        Assert.Equal(1e-3, stored.Params["lr"]);
        Assert.Equal(log, stored.Distributions["lr"]);
        Assert.Equal(35L, stored.Param("n"));
        Assert.Equal(ints, stored.Distributions["n"]);
        Assert.Equal("ema", stored.Param("kind"));
        Assert.Equal(cat, stored.Distributions["kind"]);
    }

    [Fact]
    public void SetParam_on_a_Waiting_trial_is_allowed()
    {
        var (storage, id) = NewStudy();
        var t = storage.CreateTrial(id, new TrialTemplate());
        storage.SetParam(t.TrialId, "x", 0.5, X);
        Assert.Equal(0.5, storage.GetTrial(t.TrialId).Params["x"]);
    }

    [Fact]
    public void SetIntermediateValue_upserts_by_step_and_keeps_nan_and_infinity()
    {
        var (storage, id) = NewStudy();
        var t = storage.CreateTrial(id);
        storage.SetIntermediateValue(t.TrialId, 0, 1.0);
        storage.SetIntermediateValue(t.TrialId, 3, double.NaN);
        storage.SetIntermediateValue(t.TrialId, 5, double.PositiveInfinity);
        storage.SetIntermediateValue(t.TrialId, 0, 0.5);
        var values = storage.GetTrial(t.TrialId).IntermediateValues;
        Assert.Equal(3, values.Count);
        Assert.Equal(0.5, values[0]);
        Assert.True(double.IsNaN(values[3]));
        Assert.Equal(double.PositiveInfinity, values[5]);
        Assert.Equal(5, storage.GetTrial(t.TrialId).LastStep);
    }

    [Fact]
    public void Trial_attributes_are_upserted_and_kept_verbatim()
    {
        var (storage, id) = NewStudy();
        var t = storage.CreateTrial(id);
        storage.SetTrialUserAttribute(t.TrialId, "a", "1");
        storage.SetTrialUserAttribute(t.TrialId, "a", "{\"k\":[1,2]}");
        storage.SetTrialUserAttribute(t.TrialId, "b", "\"é\"");
        storage.SetTrialSystemAttribute(t.TrialId, "a", "true");
        var stored = storage.GetTrial(t.TrialId);
        Assert.Equal(2, stored.UserAttributes.Count);
        Assert.Equal("{\"k\":[1,2]}", stored.UserAttributes["a"]);
        Assert.Equal("\"é\"", stored.UserAttributes["b"]);
        Assert.Equal("true", Assert.Single(stored.SystemAttributes).Value);
    }

    // ---- reads ----------------------------------------------------------------------------------------------------

    [Fact]
    public void GetTrials_filters_by_state_in_number_order()
    {
        var (storage, id) = NewStudy();
        var states = new[] { TrialState.Complete, TrialState.Fail, TrialState.Running, TrialState.Pruned, TrialState.Complete, TrialState.Waiting };
        foreach (var state in states)
        {
            if (state == TrialState.Waiting) { storage.CreateTrial(id, new TrialTemplate()); continue; }
            var t = storage.CreateTrial(id);
            if (state != TrialState.Running) storage.SetState(t.TrialId, state, state == TrialState.Complete ? 1.0 : null);
        }
        Assert.Equal(states, storage.GetTrials(id).Select(t => t.State));
        Assert.Equal([0, 1, 4], storage.GetTrials(id, [TrialState.Fail, TrialState.Complete]).Select(t => t.Number));
        Assert.Equal([2], storage.GetTrials(id, [TrialState.Running]).Select(t => t.Number));
        Assert.Equal([5], storage.GetTrials(id, [TrialState.Waiting]).Select(t => t.Number));
        Assert.Empty(storage.GetTrials(id, []));
        Assert.Equal(6, storage.GetTrials(id, null).Count);
    }

    [Fact]
    public void Snapshots_never_change()
    {
        var (storage, id) = NewStudy();
        var t = storage.CreateTrial(id);
        storage.SetParam(t.TrialId, "x", 0.1, X);
        storage.SetIntermediateValue(t.TrialId, 0, 1);
        var before = storage.GetTrial(t.TrialId);
        var list = storage.GetTrials(id);
        storage.SetParam(t.TrialId, "y", 0.2, X);
        storage.SetIntermediateValue(t.TrialId, 1, 2);
        storage.SetTrialUserAttribute(t.TrialId, "u", "1");
        storage.SetTrialSystemAttribute(t.TrialId, "s", "1");
        storage.CreateTrial(id);
        storage.SetState(t.TrialId, TrialState.Complete, 3);
        Assert.Equal(TrialState.Running, before.State);
        Assert.Single(before.Params);
        Assert.Single(before.Distributions);
        Assert.Single(before.IntermediateValues);
        Assert.Empty(before.UserAttributes);
        Assert.Empty(before.SystemAttributes);
        Assert.Null(before.Value);
        Assert.Single(list);
        Assert.Equal(TrialState.Running, list[0].State);
        Assert.Single(list[0].Params);
        AssertReadOnly(before.Params);
        AssertReadOnly(before.Distributions);
        AssertReadOnly(before.IntermediateValues);
        AssertReadOnly(before.UserAttributes);
        AssertReadOnly(before.SystemAttributes);
        if (list is IList<FrozenTrial> mutable) Assert.True(mutable.IsReadOnly);
    }

    static void AssertReadOnly<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary)
    {
        if (dictionary is IDictionary<TKey, TValue> mutable) Assert.True(mutable.IsReadOnly, $"{dictionary.GetType().Name} is mutable");
    }

    // ---- batched updates ------------------------------------------------------------------------------------------

    static TrialUpdate Tell(double value) => new()
    {
        Params = new Dictionary<string, double> { ["x"] = 0.25, ["n"] = 3 },
        Distributions = new Dictionary<string, Distribution> { ["x"] = X, ["n"] = new IntDistribution(1, 5) },
        IntermediateValues = new Dictionary<int, double> { [0] = 1.5, [1] = double.NaN, [2] = double.NegativeInfinity },
        UserAttributes = new Dictionary<string, string> { ["u"] = "\"user\"" },
        SystemAttributes = new Dictionary<string, string> { ["s"] = "[1,2]" },
        Heartbeat = true,
        State = TrialState.Complete,
        Value = value,
    };

    [Fact]
    public void UpdateTrial_stores_params_values_attributes_and_the_final_state_together()
    {
        var (storage, id) = NewStudy();
        var trial = storage.StartTrial(id)!;
        storage.UpdateTrial(trial.TrialId, Tell(2.5));
        foreach (var stored in new[] { storage.GetTrial(trial.TrialId), storage.GetTrials(id).Single() })
        {
            Assert.Equal(TrialState.Complete, stored.State);
            Assert.Equal(2.5, stored.Value);
            Assert.NotNull(stored.Complete);
            Assert.Equal(0.25, stored.Params["x"]);
            Assert.Equal(3, stored.Params["n"]);
            Assert.Equal(new IntDistribution(1, 5), stored.Distributions["n"]);
            Assert.Equal([0, 1, 2], stored.IntermediateValues.Keys);
            Assert.True(double.IsNaN(stored.IntermediateValues[1]));
            Assert.Equal(double.NegativeInfinity, stored.IntermediateValues[2]);
            Assert.Equal("\"user\"", stored.UserAttributes["u"]);
            Assert.Equal("[1,2]", stored.SystemAttributes["s"]);
        }
        AssertCode(ErrorCode.InvalidState, () => storage.UpdateTrial(trial.TrialId, new TrialUpdate { Heartbeat = true }));
    }

    [Fact]
    public void UpdateTrial_without_a_state_leaves_the_trial_running_and_upserts()
    {
        var (storage, id) = NewStudy();
        var trial = storage.StartTrial(id)!;
        storage.SetParam(trial.TrialId, "x", 0.5, X);
        storage.UpdateTrial(trial.TrialId, Tell(1) with { State = null, Value = null });
        storage.UpdateTrial(trial.TrialId, new TrialUpdate { IntermediateValues = new Dictionary<int, double> { [0] = 7 } });
        var stored = storage.GetTrial(trial.TrialId);
        Assert.Equal(TrialState.Running, stored.State);
        Assert.Equal(0.25, stored.Params["x"]); // same distribution: the new value overwrites
        Assert.Equal(7, stored.IntermediateValues[0]);
        Assert.Equal(3, stored.IntermediateValues.Count);
    }

    [Fact]
    public void UpdateTrial_with_a_conflicting_distribution_writes_nothing()
    {
        var (storage, id) = NewStudy();
        var trial = storage.StartTrial(id)!;
        storage.SetParam(trial.TrialId, "n", 2, new IntDistribution(1, 9));
        var e = Assert.Throws<QuarryException>(() => storage.UpdateTrial(trial.TrialId, Tell(1)));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains("'n'", e.Message, StringComparison.Ordinal);
        foreach (var stored in new[] { storage.GetTrial(trial.TrialId), storage.GetTrials(id).Single() })
        {
            Assert.Equal(TrialState.Running, stored.State);
            Assert.Equal(["n"], stored.Params.Keys);
            Assert.Equal(2, stored.Params["n"]);
            Assert.Empty(stored.IntermediateValues);
            Assert.Empty(stored.UserAttributes);
            Assert.Empty(stored.SystemAttributes);
        }
        storage.UpdateTrial(trial.TrialId, new TrialUpdate { State = TrialState.Fail }); // still writable
        Assert.Equal(TrialState.Fail, storage.GetTrial(trial.TrialId).State);
    }

    [Fact]
    public void UpdateTrial_checks_the_update_and_the_trial()
    {
        var (storage, id) = NewStudy();
        var trial = storage.StartTrial(id)!;
        AssertCode(ErrorCode.InvalidParameter, () => storage.UpdateTrial(trial.TrialId, new TrialUpdate { State = TrialState.Complete }));
        AssertCode(ErrorCode.InvalidParameter, () => storage.UpdateTrial(trial.TrialId, new TrialUpdate { State = TrialState.Running }));
        AssertCode(ErrorCode.InvalidParameter, () => storage.UpdateTrial(trial.TrialId, new TrialUpdate { State = TrialState.Fail, Value = 1 }));
        AssertCode(ErrorCode.InvalidParameter, () => storage.UpdateTrial(trial.TrialId, new TrialUpdate
        {
            Params = new Dictionary<string, double> { ["x"] = 3 },
            Distributions = new Dictionary<string, Distribution> { ["x"] = X },
        }));
        AssertCode(ErrorCode.InvalidParameter, () => storage.UpdateTrial(trial.TrialId, new TrialUpdate { Params = new Dictionary<string, double> { ["x"] = 0 } }));
        Assert.Equal(TrialState.Running, storage.GetTrial(trial.TrialId).State);
        Assert.Empty(storage.GetTrial(trial.TrialId).Params);
        AssertCode(ErrorCode.NotFound, () => storage.UpdateTrial(long.MaxValue - 5, new TrialUpdate { Heartbeat = true }));
    }

    [Fact]
    public void StartTrial_can_record_the_first_heartbeat_with_the_start()
    {
        var (storage, id) = NewStudy();
        var beating = storage.StartTrial(id, recordHeartbeat: true)!;
        var silent = storage.StartTrial(id)!;
        storage.CreateTrial(id, new TrialTemplate { State = TrialState.Waiting });
        var claimed = storage.StartTrial(id, budget: 10, recordHeartbeat: true)!;
        Assert.Equal(2, claimed.Number);
        var created = storage.StartTrial(id, budget: 10, recordHeartbeat: true)!;
        Assert.Equal(3, created.Number);
        AdvanceClock(PastGrace);
        Assert.Equal([beating.TrialId, claimed.TrialId, created.TrialId], storage.FailStaleTrials(id, Grace).Select(t => t.TrialId));
        Assert.Equal(TrialState.Running, storage.GetTrial(silent.TrialId).State);
    }

    // ---- a worker's tell and next start in one call --------------------------------------------------------------

    [Fact]
    public void FinishAndStartTrial_stores_the_tell_then_starts_the_next_trial_with_its_heartbeat()
    {
        var (storage, id) = NewStudy();
        var first = storage.StartTrial(id, budget: 10)!;
        var next = storage.FinishAndStartTrial(first.TrialId, Tell(2.5), id, budget: 10, recordHeartbeat: true);
        Assert.Equal(1, next?.Number);
        Assert.Equal(TrialState.Running, next?.State);
        foreach (var told in new[] { storage.GetTrial(first.TrialId), storage.GetTrials(id)[0] })
        {
            Assert.Equal(TrialState.Complete, told.State);
            Assert.Equal(2.5, told.Value);
            Assert.Equal(0.25, told.Params["x"]);
            Assert.Equal(new IntDistribution(1, 5), told.Distributions["n"]);
            Assert.True(double.IsNaN(told.IntermediateValues[1]));
            Assert.Equal("\"user\"", told.UserAttributes["u"]);
            Assert.Equal("[1,2]", told.SystemAttributes["s"]);
        }
        Assert.Equal(TrialState.Running, storage.GetTrials(id)[1].State);
        var other = storage.StartTrial(id)!;
        var silent = storage.FinishAndStartTrial(other.TrialId, new TrialUpdate { State = TrialState.Fail }, id, budget: 10)!;
        Assert.Equal(3, silent.Number);
        AdvanceClock(PastGrace);
        Assert.Equal([next!.TrialId], storage.FailStaleTrials(id, Grace).Select(t => t.TrialId)); // `silent` sent no heartbeat
        Assert.Equal(TrialState.Running, storage.GetTrial(silent.TrialId).State);
    }

    [Fact]
    public void FinishAndStartTrial_claims_a_waiting_trial_and_stops_at_the_budget()
    {
        var (storage, id) = NewStudy();
        var first = storage.StartTrial(id)!;
        var waiting = storage.CreateTrial(id, new TrialTemplate { SystemAttributes = new Dictionary<string, string> { ["fixed"] = "1" } });
        var paramsOnly = new TrialUpdate
        {
            Params = new Dictionary<string, double> { ["x"] = 0.5 },
            Distributions = new Dictionary<string, Distribution> { ["x"] = X },
            State = TrialState.Complete,
            Value = 1,
        };
        var claimed = storage.FinishAndStartTrial(first.TrialId, paramsOnly, id);
        Assert.Equal(0.5, storage.GetTrial(first.TrialId).Params["x"]);
        Assert.Equal(waiting.TrialId, claimed?.TrialId);
        Assert.Equal(TrialState.Running, claimed?.State);
        Assert.Equal("1", claimed?.SystemAttributes["fixed"]);
        var enqueued = storage.CreateTrial(id, new TrialTemplate()); // a Waiting trial does not count against a budget...
        var third = storage.FinishAndStartTrial(claimed!.TrialId, new TrialUpdate { State = TrialState.Complete, Value = 2 }, id, budget: 3);
        Assert.Equal(enqueued.TrialId, third?.TrialId); // ...and is claimed first
        Assert.Equal(TrialState.Running, third?.State);
        var attributeOnly = new TrialUpdate { SystemAttributes = new Dictionary<string, string> { ["why"] = "\"slow\"" }, State = TrialState.Pruned };
        Assert.Null(storage.FinishAndStartTrial(third!.TrialId, attributeOnly, id, budget: 3));
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Pruned], storage.GetTrials(id).Select(t => t.State));
        Assert.Equal("\"slow\"", storage.GetTrials(id)[2].SystemAttributes["why"]);
    }

    [Fact]
    public void FinishAndStartTrial_after_a_failed_tell_starts_nothing()
    {
        var (storage, id) = NewStudy();
        var trial = storage.StartTrial(id)!;
        storage.SetParam(trial.TrialId, "n", 2, new IntDistribution(1, 9));
        var conflict = Assert.Throws<QuarryException>(() => storage.FinishAndStartTrial(trial.TrialId, Tell(1), id));
        Assert.Equal(ErrorCode.InvalidParameter, conflict.Code);
        Assert.Contains("'n'", conflict.Message, StringComparison.Ordinal);
        var stored = Assert.Single(storage.GetTrials(id));
        Assert.Equal(TrialState.Running, stored.State);
        Assert.Equal(["n"], stored.Params.Keys);
        Assert.Empty(stored.IntermediateValues);

        storage.SetState(trial.TrialId, TrialState.Fail); // e.g. failed as stale by another worker
        AssertCode(ErrorCode.InvalidState, () => storage.FinishAndStartTrial(trial.TrialId, new TrialUpdate { State = TrialState.Complete, Value = 1 }, id));
        AssertCode(ErrorCode.InvalidParameter, () => storage.FinishAndStartTrial(trial.TrialId, new TrialUpdate { Heartbeat = true }, id));
        AssertCode(ErrorCode.NotFound, () => storage.FinishAndStartTrial(long.MaxValue - 5, new TrialUpdate { State = TrialState.Fail }, id));
        Assert.Equal(TrialState.Fail, Assert.Single(storage.GetTrials(id)).State);
    }

    [Fact]
    public void FinishAndStartTrial_keeps_the_tell_when_the_start_fails()
    {
        var (storage, id) = NewStudy();
        var trial = storage.StartTrial(id)!;
        var other = storage.CreateStudy(NewName(), StudyDirection.Minimize);
        storage.DeleteStudy(other.Id);
        AssertCode(ErrorCode.NotFound, () => storage.FinishAndStartTrial(trial.TrialId, new TrialUpdate { State = TrialState.Complete, Value = 4 }, other.Id));
        Assert.Equal(TrialState.Complete, storage.GetTrial(trial.TrialId).State);
        Assert.Equal(4, Assert.Single(storage.GetTrials(id)).Value);
    }

    [Fact]
    public void Concurrent_FinishAndStartTrial_with_a_budget_starts_exactly_the_budget_with_dense_numbers()
    {
        var (storage, id) = NewStudy();
        const int budget = 60;
        int started = 0;
        Concurrently.Run(ConcurrentThreads, _ =>
        {
            var t = storage.StartTrial(id, budget);
            while (t is not null)
            {
                Interlocked.Increment(ref started);
                t = storage.FinishAndStartTrial(t.TrialId, new TrialUpdate { State = TrialState.Complete, Value = t.Number }, id, budget);
            }
        });
        AssertExactlyTheBudgetCompleted(storage, id, budget, started);
    }

    /// <summary>The budget was started exactly (counted by the workers) and every trial is Complete, numbered 0 … budget − 1.</summary>
    static void AssertExactlyTheBudgetCompleted(IStudyStorage storage, long id, int budget, int started)
    {
        Assert.Equal(budget, started);
        var trials = storage.GetTrials(id);
        Assert.Equal(Enumerable.Range(0, budget), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    // ---- the same with the tell acknowledged later -----------------------------------------------------------------

    [Fact]
    public void Optimize_sampler_and_pruner_see_every_trial_the_worker_told_before_them()
    {
        var sampler = new HistoryRecorder();
        var study = Study.Create($"told-{Guid.NewGuid():N}", StudyDirection.Minimize, sampler, sampler, CreateStorage());
        study.Optimize(trial =>
        {
            double x = trial.SuggestFloat("x", 0, 1);
            trial.Report(0, x);
            trial.ShouldPrune();
            return x;
        }, new OptimizeOptions { Trials = 12 });
        // One worker: trial n starts after trials 0 … n−1 were told, so each read of the history sees all of them finished.
        Assert.Equal(Enumerable.Range(0, 12).Select(n => (n, n, n)), sampler.Seen.OrderBy(s => s.Number));
    }

    /// <summary>Records, per trial, how many finished trials the sampler (when sampling) and the pruner saw.</summary>
    sealed class HistoryRecorder : ISampler, IPruner
    {
        readonly Dictionary<int, int> _sampled = [];

        public List<(int Number, int Sampled, int Pruned)> Seen { get; } = [];

        public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
        {
            _sampled[trial.Number] = study.GetTrials([TrialState.Complete]).Count;
            return 0.5;
        }

        public bool Prune(IStudyView study, FrozenTrial trial)
        {
            Seen.Add((trial.Number, _sampled[trial.Number], study.GetTrials([TrialState.Complete]).Count));
            return false;
        }
    }

    [Fact]
    public void FinishAndStartTrialPipelined_starts_the_next_trial_and_the_tell_is_stored_once_acknowledged()
    {
        var (storage, id) = NewStudy();
        var first = storage.StartTrial(id, budget: 10)!;
        var (next, tell) = storage.FinishAndStartTrialPipelined(first.TrialId, Tell(2.5), id, budget: 10, recordHeartbeat: true);
        Assert.Equal(1, next?.Number);
        Assert.Equal(TrialState.Running, next?.State);
        tell.Wait();
        tell.Wait(); // a second wait returns at once
        foreach (var told in new[] { storage.GetTrial(first.TrialId), storage.GetTrials(id)[0] })
        {
            Assert.Equal(TrialState.Complete, told.State);
            Assert.Equal(2.5, told.Value);
            Assert.Equal(0.25, told.Params["x"]);
            Assert.Equal("[1,2]", told.SystemAttributes["s"]);
        }
        AdvanceClock(PastGrace);
        Assert.Equal([next!.TrialId], storage.FailStaleTrials(id, Grace).Select(t => t.TrialId)); // its first heartbeat came with its start
        var refused = Record.Exception(() => // failed as stale just before: the tell is refused (at the call or the wait), as UpdateTrial would
        {
            var (none, last) = storage.FinishAndStartTrialPipelined(next.TrialId, new TrialUpdate { State = TrialState.Complete, Value = 1 }, id, budget: 2);
            Assert.Null(none);
            last.Wait();
        });
        Assert.Equal(ErrorCode.InvalidState, Assert.IsType<QuarryException>(refused).Code);
        Assert.Equal([TrialState.Complete, TrialState.Fail], storage.GetTrials(id).Select(t => t.State));
    }

    [Fact]
    public void FinishAndStartTrialPipelined_failed_tell_throws_at_the_call_or_the_wait_and_writes_nothing()
    {
        var (storage, id) = NewStudy();
        var trial = storage.StartTrial(id)!;
        storage.SetParam(trial.TrialId, "n", 2, new IntDistribution(1, 9));
        var conflict = Assert.Throws<QuarryException>(() =>
        {
            var (next, tell) = storage.FinishAndStartTrialPipelined(trial.TrialId, Tell(1), id);
            using (tell)
            {
                if (next is not null) storage.SetState(next.TrialId, TrialState.Fail); // a pipelined start happens anyway
                tell.Wait();
            }
        });
        Assert.Equal(ErrorCode.InvalidParameter, conflict.Code);
        Assert.Contains("'n'", conflict.Message, StringComparison.Ordinal);
        var stored = storage.GetTrial(trial.TrialId);
        Assert.Equal(TrialState.Running, stored.State);
        Assert.Equal(["n"], stored.Params.Keys);
        Assert.Empty(stored.IntermediateValues);
        AssertCode(ErrorCode.InvalidParameter, () => storage.FinishAndStartTrialPipelined(trial.TrialId, new TrialUpdate { Heartbeat = true }, id));
    }

    [Fact]
    public void Concurrent_FinishAndStartTrialPipelined_with_a_budget_starts_exactly_the_budget_with_dense_numbers()
    {
        var (storage, id) = NewStudy();
        const int budget = 60;
        int started = 0;
        Concurrently.Run(ConcurrentThreads, _ =>
        {
            var t = storage.StartTrial(id, budget);
            PendingTell? previous = null;
            while (t is not null)
            {
                Interlocked.Increment(ref started);
                var (next, tell) = storage.FinishAndStartTrialPipelined(t.TrialId, new TrialUpdate { State = TrialState.Complete, Value = t.Number }, id, budget);
                previous?.Wait();
                (t, previous) = (next, tell);
            }
            previous?.Wait();
        });
        AssertExactlyTheBudgetCompleted(storage, id, budget, started);
    }

    // ---- heartbeats -----------------------------------------------------------------------------------------------

    [Fact]
    public void FailStaleTrials_fails_only_running_trials_with_an_old_heartbeat_once()
    {
        var (storage, id) = NewStudy();
        var noBeat = storage.CreateTrial(id);
        var stale = storage.CreateTrial(id);
        var fresh = storage.CreateTrial(id);
        var finished = storage.CreateTrial(id);
        storage.RecordHeartbeat(stale.TrialId);
        storage.RecordHeartbeat(fresh.TrialId);
        storage.RecordHeartbeat(finished.TrialId);
        storage.SetState(finished.TrialId, TrialState.Complete, 1);
        Assert.Empty(storage.FailStaleTrials(id, Grace));
        AdvanceClock(PastGrace);
        storage.RecordHeartbeat(fresh.TrialId);
        var failed = storage.FailStaleTrials(id, Grace);
        Assert.Equal([stale.TrialId], failed.Select(t => t.TrialId));
        Assert.Equal(TrialState.Fail, failed[0].State);
        Assert.Equal(TrialState.Fail, storage.GetTrial(stale.TrialId).State);
        Assert.Equal(TrialState.Running, storage.GetTrial(noBeat.TrialId).State);
        Assert.Equal(TrialState.Running, storage.GetTrial(fresh.TrialId).State);
        Assert.Equal(TrialState.Complete, storage.GetTrial(finished.TrialId).State);
        Assert.Empty(storage.FailStaleTrials(id, Grace));
    }

    [Fact]
    public void FailStaleTrials_only_touches_its_own_study()
    {
        var storage = CreateStorage();
        long a = storage.CreateStudy(NewName(), StudyDirection.Minimize).Id;
        long b = storage.CreateStudy(NewName(), StudyDirection.Minimize).Id;
        var ta = storage.CreateTrial(a);
        var tb = storage.CreateTrial(b);
        storage.RecordHeartbeat(ta.TrialId);
        storage.RecordHeartbeat(tb.TrialId);
        AdvanceClock(PastGrace);
        Assert.Equal([ta.TrialId], storage.FailStaleTrials(a, Grace).Select(t => t.TrialId));
        Assert.Equal(TrialState.Running, storage.GetTrial(tb.TrialId).State);
    }

    [Fact]
    public void Concurrent_FailStaleTrials_fail_each_stale_trial_once()
    {
        var (storage, id) = NewStudy();
        const int stale = 30;
        var ids = Enumerable.Range(0, stale).Select(_ => storage.CreateTrial(id).TrialId).ToList();
        foreach (var t in ids) storage.RecordHeartbeat(t);
        AdvanceClock(PastGrace);
        var failed = new ConcurrentBag<long>();
        Concurrently.Run(ConcurrentThreads, _ =>
        {
            foreach (var t in storage.FailStaleTrials(id, Grace)) failed.Add(t.TrialId);
        });
        Assert.Equal(ids.Order(), failed.Order());
    }
}
