using System.Globalization;
using Quarry.Optimization.Storage;
using Quarry.Optimization.Worker;
using Quarry.Storage.Testing;

namespace Quarry.Optimization.Tests.Storage;

/// <summary>
/// Separate worker processes (tests/Quarry.Optimization.Worker) sharing one study through the SQL storage, as
/// Optuna's RDB workers do: a shared budget, dense numbers, a worker killed with SIGKILL in the middle of a trial or of
/// a transaction. Run on SQLite and PostgreSQL.
/// </summary>
public abstract class MultiProcessStorageBehaviour : IDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    readonly List<WorkerProcess> _workers = [];

    protected abstract string Location { get; }

    WorkerProcess Start(params string[] args)
    {
        var w = WorkerProcess.Start(args);
        _workers.Add(w);
        return w;
    }

    WorkerProcess Optimize(string study, int budget, int objectiveMs, int seed, params string[] extra) =>
        Optimize(study, budget, objectiveMs, seed, heartbeatMs: 500, extra);

    WorkerProcess Optimize(string study, int budget, int objectiveMs, int seed, int heartbeatMs, params string[] extra) =>
        Start(["optimize", "--storage", Location, "--study", study, "--budget", budget.ToString(CultureInfo.InvariantCulture),
            "--objective-ms", objectiveMs.ToString(CultureInfo.InvariantCulture), "--heartbeat-ms", heartbeatMs.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture), .. extra]);

    IReadOnlyList<FrozenTrial> Trials(string study)
    {
        using var storage = SqlStudyStorage.Open(Location);
        return storage.GetTrials(storage.FindStudy(study)!.Id);
    }

    static void AssertDense(IReadOnlyList<FrozenTrial> trials) =>
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number).Order());

    [Fact]
    public void Four_worker_processes_start_exactly_the_shared_budget_with_dense_numbers()
    {
        string study = $"procs-{Guid.NewGuid():N}";
        using (var storage = SqlStudyStorage.Open(Location)) storage.CreateStudy(study, StudyDirection.Minimize);
        // A heartbeat grace far above any scheduling stall: this test is about numbering and budget, and a worker starved
        // for a second on a loaded machine must not have its live trial failed as stale (the kill test covers staleness).
        var workers = Enumerable.Range(0, 4).Select(i => Optimize(study, 200, 10, i, heartbeatMs: 5000, "--wait-go")).ToList();
        foreach (var w in workers) w.WaitFor("READY", Patience);
        foreach (var w in workers) w.Send("GO");
        var done = workers.Select(w => w.WaitFor("DONE", Patience)).ToList();
        foreach (var w in workers) Assert.Equal(0, w.WaitForExit(Patience));

        var trials = Trials(study);
        Assert.Equal(200, trials.Count);
        AssertDense(trials);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(200, done.Sum(line => int.Parse(line.Split(' ').Single(p => p.StartsWith("complete=", StringComparison.Ordinal))[9..], CultureInfo.InvariantCulture)));
        Assert.All(trials, t => Assert.Equal(["x0", "x1"], t.Params.Keys.Order()));
    }

    [Fact]
    public void A_worker_killed_mid_trial_has_its_trial_failed_by_heartbeat_and_the_others_finish_the_budget()
    {
        string study = $"kill-{Guid.NewGuid():N}";
        // Heartbeats every 1.5 s (grace 3 s): a survivor starved for a second on a loaded machine keeps its own trial.
        var victim = Optimize(study, 150, 10, 99, heartbeatMs: 1500, "--hang");
        int number = int.Parse(victim.WaitFor("RUNNING", Patience)["RUNNING ".Length..], CultureInfo.InvariantCulture);
        victim.Kill(); // SIGKILL: no tell, no cleanup; its last heartbeat is now
        // 3 × 50 trials of 80 ms (4 s) outlast the grace period, so the survivors see the trial go stale.
        var survivors = Enumerable.Range(0, 3).Select(i => Optimize(study, 150, 80, i, heartbeatMs: 1500)).ToList();
        foreach (var w in survivors) w.WaitFor("DONE", Patience);
        foreach (var w in survivors) Assert.Equal(0, w.WaitForExit(Patience));

        var trials = Trials(study);
        Assert.Equal(150, trials.Count);
        AssertDense(trials);
        var killed = trials.Single(t => t.Number == number);
        Assert.Equal(TrialState.Fail, killed.State);
        Assert.True(killed.Complete - killed.Start >= TimeSpan.FromSeconds(3), "failed only after the grace period");
        Assert.Equal(149, trials.Count(t => t.State == TrialState.Complete));
    }

    [Fact]
    public void A_process_killed_inside_a_trial_creating_transaction_leaves_nothing()
    {
        string study = $"half-{Guid.NewGuid():N}";
        using var storage = SqlStudyStorage.Open(Location);
        long studyId = storage.CreateStudy(study, StudyDirection.Minimize).Id;
        var half = Start("half-trial", "--storage", Location, "--study", study);
        half.WaitFor("READY", Patience); // counter bumped, trial row and a param written, not committed
        half.Kill();

        Assert.Empty(storage.GetTrials(studyId));
        var next = storage.CreateTrial(studyId);
        Assert.Equal(0, next.Number);
        Assert.Empty(storage.GetTrial(next.TrialId).Params);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        foreach (var w in _workers) w.Dispose();
    }
}

public sealed class SqliteMultiProcessTests : MultiProcessStorageBehaviour
{
    readonly TestDatabases.TempFolder _folder = TestDatabases.NewSqliteFolder();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _folder.Dispose();
    }

    protected override string Location => _folder.Sqlite("shared.db");
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMultiProcessTests(PostgresFixture postgres) : MultiProcessStorageBehaviour
{
    protected override string Location => postgres.SharedDatabase;
}
