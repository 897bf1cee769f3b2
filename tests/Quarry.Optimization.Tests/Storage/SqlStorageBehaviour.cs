using System.Collections.Concurrent;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Storage;
using Quarry.Storage;
using Quarry.Storage.Testing;

namespace Quarry.Optimization.Tests.Storage;

/// <summary>What the SQL storage adds to the storage contract: concurrency, faithful values, atomicity, caching. Run on SQLite and PostgreSQL.</summary>
public abstract class SqlStorageBehaviour : IDisposable
{
    readonly List<SqlStudyStorage> _opened = [];

    /// <summary>A location whose database may already hold other tests' studies (names are unique per test).</summary>
    protected abstract string Location { get; }

    /// <summary>A new storage instance (its own connection pool and cache: as another process would have).</summary>
    protected SqlStudyStorage Open()
    {
        var storage = SqlStudyStorage.Open(Location);
        lock (_opened) _opened.Add(storage);
        return storage;
    }

    protected static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    static readonly FloatDistribution X = new(-10, 10);

    [Fact]
    public void Infinite_and_NaN_values_round_trip_exactly()
    {
        var storage = Open();
        var study = storage.CreateStudy(Unique("values"), StudyDirection.Minimize);
        var pos = storage.CreateTrial(study.Id);
        var neg = storage.CreateTrial(study.Id);
        var pruned = storage.CreateTrial(study.Id);
        storage.SetIntermediateValue(pos.TrialId, 0, double.NaN);
        storage.SetIntermediateValue(pos.TrialId, 1, double.PositiveInfinity);
        storage.SetIntermediateValue(pos.TrialId, 2, double.NegativeInfinity);
        storage.SetIntermediateValue(pos.TrialId, 3, -1.5e-300);
        storage.SetIntermediateValue(pos.TrialId, 4, double.MaxValue);
        storage.SetState(pos.TrialId, TrialState.Complete, double.PositiveInfinity);
        storage.SetState(neg.TrialId, TrialState.Complete, double.NegativeInfinity);
        storage.SetState(pruned.TrialId, TrialState.Pruned, 0.1 + 0.2);

        var fresh = Open().GetTrials(study.Id); // another instance: read from the database, not a cache
        Assert.Equal(double.PositiveInfinity, fresh[0].Value);
        Assert.Equal(double.NegativeInfinity, fresh[1].Value);
        Assert.Equal(0.1 + 0.2, fresh[2].Value);
        var iv = fresh[0].IntermediateValues;
        Assert.True(double.IsNaN(iv[0]));
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity, -1.5e-300, double.MaxValue], new[] { iv[1], iv[2], iv[3], iv[4] });
        Assert.Equal([0, 1, 2, 3, 4], iv.Keys);
    }

    [Fact]
    public void Params_attributes_and_times_round_trip_through_another_instance()
    {
        var storage = Open();
        var study = storage.CreateStudy(Unique("params"), StudyDirection.Maximize);
        var t = storage.CreateTrial(study.Id);
        var cat = new CategoricalDistribution(["a", "b", "c"]);
        var log = new IntDistribution(1, 1024, log: true);
        storage.SetParam(t.TrialId, "x", 1.25, X);
        storage.SetParam(t.TrialId, "kind", 2, cat);
        storage.SetParam(t.TrialId, "n", 64, log);
        storage.SetTrialUserAttribute(t.TrialId, "note", "\"ünïcode ✓\"");
        storage.SetTrialSystemAttribute(t.TrialId, "fixed_params", "{\"x\":1.25}");
        storage.SetState(t.TrialId, TrialState.Complete, 3);

        var read = Open().GetTrial(t.TrialId);
        Assert.Equal(TrialState.Complete, read.State);
        Assert.Equal(1.25, read.Params["x"]);
        Assert.Equal("c", read.Param("kind"));
        Assert.Equal(64L, read.Param("n"));
        Assert.Equal(X, read.Distributions["x"]);
        Assert.Equal(cat, read.Distributions["kind"]);
        Assert.Equal(log, read.Distributions["n"]);
        Assert.Equal("\"ünïcode ✓\"", read.UserAttributes["note"]);
        Assert.Equal("{\"x\":1.25}", read.SystemAttributes["fixed_params"]);
        Assert.Equal(DateTimeKind.Utc, read.Start!.Value.Kind);
        Assert.InRange(read.Start.Value, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));
        Assert.True(read.Complete >= read.Start);
    }

    [Fact]
    public void A_batched_tell_is_stored_whole_and_a_conflicting_one_not_at_all_as_another_instance_sees_it()
    {
        var storage = Open();
        var study = storage.CreateStudy(Unique("batch"), StudyDirection.Minimize);
        var good = storage.StartTrial(study.Id, recordHeartbeat: true)!;
        var bad = storage.StartTrial(study.Id)!;
        storage.SetParam(bad.TrialId, "x", 0.5, X);
        TrialUpdate Tell(double x) => new()
        {
            Params = new Dictionary<string, double> { ["x"] = x, ["y"] = 0.125 },
            Distributions = new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(0, 1), ["y"] = X },
            IntermediateValues = new Dictionary<int, double> { [3] = double.PositiveInfinity },
            SystemAttributes = new Dictionary<string, string> { ["fail_reason"] = "\"none\"" },
            State = TrialState.Pruned,
            Value = 0.75,
        };
        storage.UpdateTrial(good.TrialId, Tell(0.5));
        Assert.Equal(ErrorCode.InvalidParameter, Assert.Throws<QuarryException>(() => storage.UpdateTrial(bad.TrialId, Tell(0.5))).Code);

        var other = Open();
        var read = other.GetTrial(good.TrialId);
        Assert.Equal((TrialState.Pruned, 0.75), (read.State, read.Value));
        Assert.Equal(new Dictionary<string, double> { ["x"] = 0.5, ["y"] = 0.125 }, read.Params);
        Assert.Equal(new FloatDistribution(0, 1), read.Distributions["x"]);
        Assert.Equal(double.PositiveInfinity, read.IntermediateValues[3]);
        Assert.Equal("\"none\"", read.SystemAttributes["fail_reason"]);
        var untouched = other.GetTrial(bad.TrialId);
        Assert.Equal(TrialState.Running, untouched.State);
        Assert.Equal(new Dictionary<string, double> { ["x"] = 0.5 }, untouched.Params);
        Assert.Equal(X, untouched.Distributions["x"]);
        Assert.Empty(untouched.IntermediateValues);
        Assert.Empty(untouched.SystemAttributes);
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_no_partial_trial()
    {
        var storage = Open();
        var study = storage.CreateStudy(Unique("atomic"), StudyDirection.Minimize);
        storage.CreateTrial(study.Id);
        // The trial row and its first params are written before the NULL attribute value violates NOT NULL.
        var broken = new TrialTemplate
        {
            State = TrialState.Waiting,
            Params = new Dictionary<string, double> { ["x"] = 1, ["y"] = 2 },
            Distributions = new Dictionary<string, Distribution> { ["x"] = X, ["y"] = X },
            IntermediateValues = new Dictionary<int, double> { [0] = 1 },
            UserAttributes = new Dictionary<string, string> { ["bad"] = null! },
        };
        Assert.ThrowsAny<Exception>(() => storage.CreateTrial(study.Id, broken));

        var trials = Open().GetTrials(study.Id);
        Assert.Single(trials);
        Assert.Equal(1, storage.CreateTrial(study.Id).Number); // the counter did not move either
        Assert.Null(storage.ClaimWaitingTrial(study.Id));
    }

    [Fact]
    public void Eight_threads_creating_trials_get_dense_unique_numbers()
    {
        var name = Unique("dense");
        var studyId = Open().CreateStudy(name, StudyDirection.Minimize).Id;
        var numbers = new ConcurrentBag<int>();
        RunThreads(8, i =>
        {
            var storage = Open(); // one instance per thread: separate pools, as separate processes
            for (int k = 0; k < 25; k++)
            {
                var t = k % 5 == 4 ? storage.CreateTrial(studyId, new TrialTemplate { State = TrialState.Waiting }) : storage.CreateTrial(studyId);
                numbers.Add(t.Number);
            }
        });
        Assert.Equal(Enumerable.Range(0, 200), numbers.Order());
        Assert.Equal(Enumerable.Range(0, 200), Open().GetTrials(studyId).Select(t => t.Number));
    }

    [Fact]
    public void Threads_starting_trials_against_a_budget_start_exactly_the_budget()
    {
        var storage = Open();
        var studyId = storage.CreateStudy(Unique("budget"), StudyDirection.Minimize).Id;
        for (int i = 0; i < 10; i++) storage.CreateTrial(studyId, new TrialTemplate { State = TrialState.Waiting });
        var started = new ConcurrentBag<FrozenTrial>();
        RunThreads(8, _ =>
        {
            var mine = Open();
            while (mine.StartTrial(studyId, budget: 60) is { } t)
            {
                started.Add(t);
                mine.SetState(t.TrialId, TrialState.Complete, t.Number);
            }
        });
        Assert.Equal(60, started.Count);
        Assert.Equal(60, started.Select(t => t.TrialId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 10), started.Select(t => t.Number).Where(n => n < 10).Order()); // the waiting ones were claimed
        var all = Open().GetTrials(studyId);
        Assert.Equal(60, all.Count);
        Assert.All(all, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Waiting_trials_are_claimed_once_each_in_number_order()
    {
        var storage = Open();
        var studyId = storage.CreateStudy(Unique("claims"), StudyDirection.Minimize).Id;
        for (int i = 0; i < 40; i++) storage.CreateTrial(studyId, new TrialTemplate { State = TrialState.Waiting });
        var claimed = new ConcurrentBag<int>();
        RunThreads(8, _ =>
        {
            var mine = Open();
            var last = -1;
            while (mine.ClaimWaitingTrial(studyId) is { } t)
            {
                Assert.Equal(TrialState.Running, t.State);
                Assert.True(t.Number > last, "claims follow number order within a worker");
                last = t.Number;
                claimed.Add(t.Number);
            }
        });
        Assert.Equal(Enumerable.Range(0, 40), claimed.Order());
    }

    [Fact]
    public void Stale_trials_are_failed_once_by_racing_workers_on_the_database_clock()
    {
        var storage = Open();
        var studyId = storage.CreateStudy(Unique("stale"), StudyDirection.Minimize).Id;
        var stale = Enumerable.Range(0, 6).Select(_ => storage.CreateTrial(studyId)).ToList();
        foreach (var t in stale) storage.RecordHeartbeat(t.TrialId);
        var silent = storage.CreateTrial(studyId); // never beat: never stale
        var workers = Enumerable.Range(0, 6).Select(_ => Open()).ToArray();
        Thread.Sleep(1200);
        var alive = storage.CreateTrial(studyId);
        storage.RecordHeartbeat(alive.TrialId);

        var failed = new ConcurrentBag<FrozenTrial>();
        RunThreads(workers.Length, i => { foreach (var t in workers[i].FailStaleTrials(studyId, TimeSpan.FromSeconds(1))) failed.Add(t); });

        Assert.Equal(stale.Select(t => t.Number), failed.Select(t => t.Number).Order());
        Assert.All(failed, t => Assert.Equal(TrialState.Fail, t.State));
        var now = Open().GetTrials(studyId);
        Assert.Equal(TrialState.Running, now[silent.Number].State);
        Assert.Equal(TrialState.Running, now[alive.Number].State);
        Assert.Throws<QuarryException>(() => storage.RecordHeartbeat(stale[0].TrialId));
    }

    [Fact]
    public void GetTrials_sees_other_instances_writes_and_keeps_returned_snapshots_unchanged()
    {
        var reader = Open();
        var writer = Open();
        var studyId = writer.CreateStudy(Unique("cache"), StudyDirection.Minimize).Id;
        var a = writer.CreateTrial(studyId);
        var first = reader.GetTrials(studyId);
        Assert.Equal(TrialState.Running, Assert.Single(first).State);

        writer.SetParam(a.TrialId, "x", 1, X);
        writer.SetIntermediateValue(a.TrialId, 0, 5);
        var b = writer.CreateTrial(studyId);
        var second = reader.GetTrials(studyId);
        Assert.Equal(2, second.Count);
        Assert.Equal(1, second[0].Params["x"]);
        Assert.Equal(5, second[0].IntermediateValues[0]);

        writer.SetState(a.TrialId, TrialState.Complete, 1);
        writer.SetState(b.TrialId, TrialState.Fail);
        var third = reader.GetTrials(studyId);
        Assert.Equal([TrialState.Complete, TrialState.Fail], third.Select(t => t.State));
        Assert.Equal([TrialState.Complete], reader.GetTrials(studyId, [TrialState.Complete]).Select(t => t.State));
        Assert.Equal(TrialState.Running, first[0].State); // snapshots never change
        Assert.Empty(first[0].Params);
        Assert.Same(third[0], reader.GetTrials(studyId)[0]); // finished trials come from the cache

        writer.DeleteStudy(studyId);
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<QuarryException>(() => reader.GetTrials(studyId)).Code);
    }

    [Fact]
    public void A_trial_finished_by_another_process_is_seen_once_a_write_fails()
    {
        var worker = Open();
        var other = Open();
        var studyId = worker.CreateStudy(Unique("owned"), StudyDirection.Minimize).Id;
        var t = worker.StartTrial(studyId, budget: 10)!;
        worker.SetParam(t.TrialId, "x", 1, X);
        Assert.Equal(1, worker.GetTrial(t.TrialId).Params["x"]); // served from the write-through snapshot
        Assert.Equal(1, other.GetTrial(t.TrialId).Params["x"]);
        other.SetState(t.TrialId, TrialState.Fail); // e.g. failed as stale while this worker paused
        Assert.Equal(TrialState.Fail, other.GetTrial(t.TrialId).State);
        Assert.Equal(TrialState.Fail, worker.GetTrials(studyId)[0].State); // study reads always go to the database
        Assert.Equal(TrialState.Fail, worker.GetTrial(t.TrialId).State);
        var second = worker.CreateTrial(studyId);
        other.SetState(second.TrialId, TrialState.Fail);
        Assert.Equal(ErrorCode.InvalidState, Assert.Throws<QuarryException>(() => worker.SetState(second.TrialId, TrialState.Complete, 1)).Code);
        Assert.Equal(TrialState.Fail, worker.GetTrial(second.TrialId).State);
    }

    [Fact]
    public void Finished_trials_are_frozen()
    {
        var storage = Open();
        var studyId = storage.CreateStudy(Unique("frozen"), StudyDirection.Minimize).Id;
        var t = storage.CreateTrial(studyId);
        storage.SetParam(t.TrialId, "x", 1, X);
        storage.SetParam(t.TrialId, "x", 2, X); // same distribution: overwrites
        Assert.Equal(ErrorCode.InvalidParameter,
            Assert.Throws<QuarryException>(() => storage.SetParam(t.TrialId, "x", 1, new FloatDistribution(0, 5))).Code);
        storage.SetState(t.TrialId, TrialState.Complete, 2);
        void Frozen(Action write) => Assert.Equal(ErrorCode.InvalidState, Assert.Throws<QuarryException>(write).Code);
        Frozen(() => storage.SetParam(t.TrialId, "x", 3, X));
        Frozen(() => storage.SetParam(t.TrialId, "y", 3, X));
        Frozen(() => storage.SetIntermediateValue(t.TrialId, 1, 1));
        Frozen(() => storage.SetTrialUserAttribute(t.TrialId, "k", "1"));
        Frozen(() => storage.SetTrialSystemAttribute(t.TrialId, "k", "1"));
        Frozen(() => storage.SetState(t.TrialId, TrialState.Fail));
        Frozen(() => storage.SetState(t.TrialId, TrialState.Running));
        Frozen(() => storage.RecordHeartbeat(t.TrialId));
        var read = Open().GetTrial(t.TrialId);
        Assert.Equal((TrialState.Complete, 2.0, 2.0), (read.State, read.Value!.Value, read.Params["x"]));
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<QuarryException>(() => storage.GetTrial(long.MaxValue)).Code);
    }

    [Fact]
    public void Studies_are_unique_by_name_and_deleted_with_their_trials()
    {
        var storage = Open();
        var name = Unique("studies");
        var study = storage.CreateStudy(name, StudyDirection.Maximize);
        Assert.Equal(ErrorCode.AlreadyExists, Assert.Throws<QuarryException>(() => Open().CreateStudy(name, StudyDirection.Minimize)).Code);
        Assert.Equal(study, Open().FindStudy(name));
        storage.SetStudyUserAttribute(study.Id, "a", "1");
        storage.SetStudyUserAttribute(study.Id, "a", "2");
        Assert.Equal("2", Open().GetStudyUserAttributes(study.Id)["a"]);
        var t = storage.CreateTrial(study.Id);
        storage.SetParam(t.TrialId, "x", 1, X);
        storage.RecordHeartbeat(t.TrialId);
        Assert.Contains(study, storage.ListStudies());
        storage.DeleteStudy(study.Id);
        Assert.Null(storage.FindStudy(name));
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<QuarryException>(() => storage.GetTrial(t.TrialId)).Code);
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<QuarryException>(() => storage.DeleteStudy(study.Id)).Code);
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<QuarryException>(() => storage.CreateTrial(study.Id)).Code);
    }

    protected static void RunThreads(int count, Action<int> body)
    {
        using var start = new Barrier(count);
        var errors = new ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(i);
            }
            catch (Exception e) { errors.Add(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (!errors.IsEmpty) throw new AggregateException(errors);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        foreach (var s in _opened) s.Dispose();
    }
}

public sealed class SqliteSqlStorageTests : SqlStorageBehaviour
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _folder.Dispose();
    }

    protected override string Location => _folder.Sqlite("studies.db");
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSqlStorageTests(PostgresFixture postgres) : SqlStorageBehaviour
{
    protected override string Location => postgres.SharedDatabase;

    [Fact]
    public void A_start_the_database_lost_and_gave_again_refuses_the_first_workers_writes()
    {
        var storage = Open();
        var study = storage.CreateStudy(Unique("lost"), StudyDirection.Minimize);
        var mine = storage.StartTrial(study.Id, recordHeartbeat: true)!;
        // As if the server crashed before flushing the start and another worker then got the same id: another start time.
        using (var factory = ConnectionFactory.Create(Location))
        using (var c = factory.Open())
            c.Sql("UPDATE trials SET datetime_start = datetime_start + INTERVAL '1 second' WHERE trial_id = @t").With("t", mine.TrialId).Exec();
        var e = Assert.Throws<QuarryException>(() => storage.UpdateTrial(mine.TrialId, new TrialUpdate { State = TrialState.Complete, Value = 1 }));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("no longer the trial this worker started", e.Message, StringComparison.Ordinal);
        Assert.Equal(TrialState.Running, Open().GetTrial(mine.TrialId).State);
        // Another instance (the worker that got the id) writes normally.
        Open().UpdateTrial(mine.TrialId, new TrialUpdate { State = TrialState.Complete, Value = 2 });
        Assert.Equal(2, Open().GetTrial(mine.TrialId).Value);
    }
}
