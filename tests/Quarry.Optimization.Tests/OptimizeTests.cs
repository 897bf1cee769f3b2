using System.Collections.Concurrent;
using System.Text.Json;
using Quarry.Core;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Tests;

public class OptimizeTests
{
    static string NewName() => $"optimize-{Guid.NewGuid():N}";

    static double Quadratic(Trial t)
    {
        double x = t.SuggestFloat("x", -10, 10);
        return x * x;
    }

    [Fact]
    public void Optimize_runs_the_trial_budget_and_finds_a_good_point()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize, new RandomSampler(7));
        var result = study.Optimize(Quadratic, new OptimizeOptions { Trials = 60 });
        Assert.Equal(60, result.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 60), result.Trials.Select(t => t.Number));
        Assert.All(result.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(OptimizeStopReason.TrialLimit, result.StopReason);
        Assert.True(study.BestValue < 4);
        Assert.Equal(study.BestValue, result.Trials.Min(t => t.Value));
    }

    [Fact]
    public void Four_jobs_run_exactly_the_budget_with_distinct_numbers()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var threads = new ConcurrentDictionary<int, bool>();
        var result = study.Optimize(t =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            Thread.Sleep(1);
            return Quadratic(t);
        }, new OptimizeOptions { Trials = 40, Jobs = 4 });
        Assert.Equal(40, result.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 40), study.Trials.Select(t => t.Number));
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.True(threads.Count > 1);
    }

    [Fact]
    public void Enqueued_trials_are_each_claimed_once_by_parallel_jobs()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        for (int i = 0; i < 20; i++) study.Enqueue(new Dictionary<string, object> { ["x"] = (double)i / 4 });
        var seen = new ConcurrentBag<double>();
        study.Optimize(t => { var x = t.SuggestFloat("x", -10, 10); seen.Add(x); Thread.Sleep(1); return x; },
            new OptimizeOptions { Trials = 25, Jobs = 4 });
        Assert.Equal(25, seen.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i / 4), study.Trials.Take(20).Select(t => t.Params["x"]));
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Caught_exceptions_fail_the_trial_and_continue()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var result = study.Optimize(t => t.Number % 2 == 0 ? throw new ArithmeticException("odd failure") : 1.0,
            new OptimizeOptions { Trials = 6, Catch = [typeof(ArithmeticException)] });
        Assert.Equal(6, result.Trials.Count);
        Assert.Equal(3, study.Trials.Count(t => t.State == TrialState.Fail));
        Assert.Contains("odd failure", study.Trials[0].SystemAttributes["fail_reason"], StringComparison.Ordinal);
    }

    [Fact]
    public void Other_exceptions_fail_the_trial_and_are_rethrown()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var e = Assert.Throws<InvalidOperationException>(() => study.Optimize(t => t.Number == 2 ? throw new InvalidOperationException("stop") : 1.0,
            new OptimizeOptions { Trials = 10, Catch = [typeof(ArithmeticException)] }));
        Assert.Equal("stop", e.Message);
        Assert.Equal(3, study.Trials.Count);
        Assert.Equal(TrialState.Fail, study.Trials[2].State);
    }

    [Fact]
    public void With_several_jobs_an_uncaught_exception_stops_every_worker_and_is_rethrown()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        // Other trials take 30 ms, so even if the failing thread is descheduled for a while under load, the other
        // workers can only finish a handful of trials before the stop takes effect.
        Assert.Throws<InvalidOperationException>(() => study.Optimize(t =>
        {
            if (t.Number == 5) throw new InvalidOperationException();
            Thread.Sleep(30);
            return 1.0;
        }, new OptimizeOptions { Trials = 1000, Jobs = 3 }));
        Assert.True(study.Trials.Count < 20);
        Assert.DoesNotContain(study.Trials, t => t.State == TrialState.Running);
    }

    [Fact]
    public void Nan_and_pruned_objectives_end_as_Fail_and_Pruned()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        study.Optimize(t =>
        {
            t.Report(0, 2.0);
            return t.Number switch { 0 => double.NaN, 1 => throw new TrialPrunedException(), _ => 1.0 };
        }, new OptimizeOptions { Trials = 3 });
        Assert.Equal([TrialState.Fail, TrialState.Pruned, TrialState.Complete], study.Trials.Select(t => t.State));
        Assert.Equal(2.0, study.Trials[1].Value);
    }

    [Fact]
    public void Budget_is_shared_by_two_workers_on_one_storage()
    {
        var storage = new InMemoryStudyStorage();
        string name = NewName();
        Study.Create(name, StudyDirection.Minimize, storage: storage);
        var options = new OptimizeOptions { Trials = 30, StopWhenBudgetSpent = true };
        var results = new OptimizeResult[2];
        Concurrently.Run(2, i => results[i] = Study.Load(name, storage, new RandomSampler(i)).Optimize(t => { Thread.Sleep(1); return Quadratic(t); }, options));
        Assert.Equal(30, results.Sum(r => r.Trials.Count));
        Assert.All(results, r => Assert.Equal(OptimizeStopReason.BudgetSpent, r.StopReason));
        Assert.Equal(30, storage.GetTrials(storage.FindStudy(name)!.Id).Count);
        var third = Study.Load(name, storage).Optimize(Quadratic, options);
        Assert.Empty(third.Trials);
    }

    [Fact]
    public void Budget_counts_trials_of_earlier_runs_but_not_waiting_ones()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        study.Optimize(Quadratic, new OptimizeOptions { Trials = 4 });
        study.Enqueue(new Dictionary<string, object> { ["x"] = 1.0 });
        var result = study.Optimize(Quadratic, new OptimizeOptions { Trials = 6, StopWhenBudgetSpent = true });
        Assert.Equal(2, result.Trials.Count);
        Assert.Equal(1.0, result.Trials[0].Params["x"]); // the enqueued trial ran first
    }

    [Fact]
    public void Cancellation_keeps_finished_trials_and_starts_no_new_one()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        using var cts = new CancellationTokenSource();
        var result = study.Optimize(Quadratic, new OptimizeOptions
        {
            Trials = 100,
            Callback = (_, t) => { if (t.Number == 4) cts.Cancel(); },
        }, cts.Token);
        Assert.Equal(OptimizeStopReason.Cancelled, result.StopReason);
        Assert.Equal(5, result.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void An_objective_cancelled_midway_is_failed_as_interrupted_without_throwing()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        using var cts = new CancellationTokenSource();
        var result = study.Optimize(t =>
        {
            if (t.Number == 2)
            {
                cts.Cancel();
                cts.Token.ThrowIfCancellationRequested();
            }
            return 1.0;
        }, new OptimizeOptions { Trials = 100 }, cts.Token);
        Assert.Equal(OptimizeStopReason.Cancelled, result.StopReason);
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Fail], study.Trials.Select(t => t.State));
        Assert.Contains("interrupted", study.Trials[2].SystemAttributes["fail_reason"], StringComparison.Ordinal);
    }

    [Fact]
    public void Already_cancelled_token_runs_nothing()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var result = study.Optimize(Quadratic, new OptimizeOptions { Trials = 5 }, new CancellationToken(canceled: true));
        Assert.Empty(result.Trials);
        Assert.Equal(OptimizeStopReason.Cancelled, result.StopReason);
    }

    [Fact]
    public void Timeout_stops_starting_trials()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var result = study.Optimize(t => { Thread.Sleep(20); return Quadratic(t); }, new OptimizeOptions { Timeout = TimeSpan.FromMilliseconds(150) });
        Assert.Equal(OptimizeStopReason.Timeout, result.StopReason);
        Assert.InRange(result.Trials.Count, 1, 9);
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void Stop_from_a_callback_ends_the_run_and_progress_sees_every_trial()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var seen = new List<int>();
        var progress = new SyncProgress(t => seen.Add(t.Number));
        var result = study.Optimize(Quadratic, new OptimizeOptions
        {
            Callback = (s, t) => { if (t.Number == 2) s.Stop(); },
            Progress = progress,
        });
        Assert.Equal(OptimizeStopReason.StopRequested, result.StopReason);
        Assert.Equal([0, 1, 2], seen);
        Assert.Equal(4, study.Optimize(Quadratic, new OptimizeOptions { Trials = 4 }).Trials.Count); // the flag is reset
    }

    sealed class SyncProgress(Action<FrozenTrial> report) : IProgress<FrozenTrial>
    {
        public void Report(FrozenTrial value) => report(value);
    }

    [Fact]
    public void Stale_trials_of_a_dead_worker_are_failed_and_retried_with_the_same_parameters()
    {
        var clock = new ManualClock();
        var storage = new InMemoryStudyStorage(clock);
        var study = Study.Create(NewName(), StudyDirection.Minimize, storage: storage);
        // A worker that started trial 0, beat once, then died.
        var dead = study.Ask();
        double x = dead.SuggestFloat("x", -10, 10);
        storage.RecordHeartbeat(dead.TrialId);
        var neverBeat = study.Ask(); // asked without heartbeats: never considered stale
        clock.Advance(TimeSpan.FromSeconds(3));

        var seenX = new List<double>();
        var result = study.Optimize(t => { var v = t.SuggestFloat("x", -10, 10); seenX.Add(v); return v * v; },
            new OptimizeOptions { Trials = 2, HeartbeatInterval = TimeSpan.FromSeconds(1), MaxRetries = 1 });

        Assert.Equal(TrialState.Fail, study.Trials[0].State);
        Assert.Equal(TrialState.Running, study.Trials[neverBeat.Number].State);
        var retry = study.Trials[2];
        Assert.Equal(TrialState.Complete, retry.State);
        Assert.Equal(x, seenX[0]);
        Assert.Equal("0", retry.SystemAttributes["failed_trial"]);
        Assert.Equal([0], JsonSerializer.Deserialize<int[]>(retry.SystemAttributes["retry_history"])!);
        Assert.Equal(2, result.Trials.Count);
    }

    [Fact]
    public void Retries_stop_after_max_retries()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        var first = study.Storage.CreateTrial(study.Id, new TrialTemplate { State = TrialState.Fail });
        var template = Internal.StaleTrialRetry.Template(first, maxRetries: 2)!;
        var second = study.Storage.CreateTrial(study.Id, template with { State = TrialState.Fail });
        var third = Internal.StaleTrialRetry.Template(second, maxRetries: 2)!;
        Assert.Equal("[0,1]", third.SystemAttributes["retry_history"]);
        Assert.Equal("0", third.SystemAttributes["failed_trial"]);
        var thirdTrial = study.Storage.CreateTrial(study.Id, third with { State = TrialState.Fail });
        Assert.Null(Internal.StaleTrialRetry.Template(thirdTrial, maxRetries: 2));
        Assert.Null(Internal.StaleTrialRetry.Template(first, maxRetries: 0));
    }

    [Fact]
    public void Heartbeats_are_recorded_while_the_objective_runs_and_stop_after()
    {
        var clock = new ManualClock();
        var storage = new Storage.CountingStorage(new InMemoryStudyStorage(clock));
        var study = Study.Create(NewName(), StudyDirection.Minimize, storage: storage);
        study.Optimize(t =>
        {
            Assert.Equal(1, storage.Heartbeats); // recorded when the trial starts
            clock.Advance(TimeSpan.FromSeconds(10));
            Assert.True(SpinWait.SpinUntil(() => storage.Heartbeats >= 2, TimeSpan.FromSeconds(5)), "the heartbeat timer did not fire");
            // Another worker's FailStaleTrials with a 2 s grace: the beat after the clock jump keeps the trial alive.
            Assert.Empty(storage.FailStaleTrials(study.Id, TimeSpan.FromSeconds(2)));
            return 1.0;
        }, new OptimizeOptions { Trials = 1, HeartbeatInterval = TimeSpan.FromMilliseconds(50) });
        Assert.Equal(TrialState.Complete, study.Trials[0].State);
        int after = storage.Heartbeats;
        Thread.Sleep(150);
        Assert.Equal(after, storage.Heartbeats);
    }

    [Fact]
    public void One_heartbeat_timer_beats_every_trial_its_workers_are_running()
    {
        var clock = new ManualClock();
        var storage = new Storage.CountingStorage(new InMemoryStudyStorage(clock));
        var study = Study.Create(NewName(), StudyDirection.Minimize, storage: storage);
        using var bothRunning = new Barrier(2);
        using var checkedAlive = new Barrier(2);
        study.Optimize(t =>
        {
            bothRunning.SignalAndWait(TimeSpan.FromSeconds(10));
            if (t.Number == 0)
            {
                Assert.Equal(2, storage.Heartbeats); // one with each start
                clock.Advance(TimeSpan.FromSeconds(60));
                int beaten = storage.Heartbeats + 2;
                Assert.True(SpinWait.SpinUntil(() => storage.Heartbeats >= beaten, TimeSpan.FromSeconds(10)), "the timer did not beat both trials");
                Assert.Empty(storage.FailStaleTrials(study.Id, TimeSpan.FromSeconds(30))); // both beat after the jump
            }
            checkedAlive.SignalAndWait(TimeSpan.FromSeconds(10));
            return 1.0;
        }, new OptimizeOptions { Trials = 2, Jobs = 2, HeartbeatInterval = TimeSpan.FromSeconds(2), Clock = clock });
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    static double ThreeParams(Trial t) =>
        t.SuggestFloat("x", -1, 1) + t.SuggestInt("n", 1, 9) + (t.SuggestCategorical("c", ["a", "b"]) == "a" ? 0 : 1);

    [Fact]
    public void A_trial_costs_one_storage_call_its_tell_with_the_next_start()
    {
        var storage = new Storage.CountingStorage(new InMemoryStudyStorage());
        var study = Study.Create(NewName(), StudyDirection.Minimize, new RandomSampler(3), storage: storage);
        var result = study.Optimize(ThreeParams, new OptimizeOptions { Trials = 20, HeartbeatInterval = TimeSpan.FromHours(1) });
        Assert.Equal(OptimizeStopReason.TrialLimit, result.StopReason);
        Assert.Equal(1, storage.CallsTo("StartTrial"));            // the first trial; each later one starts with the previous tell
        Assert.Equal(19, storage.CallsTo("FinishAndStartTrial"));  // parameters + state, then the next start (with its first heartbeat)
        Assert.Equal(1, storage.CallsTo("UpdateTrial"));           // the last tell starts nothing
        Assert.Equal(0, storage.CallsTo("SetParam"));
        Assert.Equal(0, storage.CallsTo("SetState"));
        Assert.Equal(0, storage.CallsTo("RecordHeartbeat"));
        Assert.Equal(20, storage.Heartbeats);
        Assert.Equal(1, storage.CallsTo("FailStaleTrials"));   // once per heartbeat interval, not per trial
        Assert.All(study.Trials, t =>
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.Equal(["c", "n", "x"], t.Params.Keys.Order());
        });
        Assert.Equal(20, study.Trials.Count);
    }

    [Fact]
    public void With_a_budget_the_tell_that_spends_it_starts_nothing()
    {
        var storage = new Storage.CountingStorage(new InMemoryStudyStorage());
        var study = Study.Create(NewName(), StudyDirection.Minimize, new RandomSampler(3), storage: storage);
        var result = study.Optimize(ThreeParams, new OptimizeOptions { Trials = 5, StopWhenBudgetSpent = true });
        Assert.Equal(OptimizeStopReason.BudgetSpent, result.StopReason);
        Assert.Equal(5, result.Trials.Count);
        Assert.Equal(5, study.Trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(1, storage.CallsTo("StartTrial"));
        Assert.Equal(5, storage.CallsTo("FinishAndStartTrial")); // the fifth finds the budget spent
    }

    [Fact]
    public void With_a_callback_the_next_trial_starts_after_it_so_a_stop_there_starts_none()
    {
        var storage = new Storage.CountingStorage(new InMemoryStudyStorage());
        var study = Study.Create(NewName(), StudyDirection.Minimize, new RandomSampler(3), storage: storage);
        int seen = 0;
        var result = study.Optimize(ThreeParams, new OptimizeOptions
        {
            Trials = 20,
            Callback = (s, t) => { Assert.Equal(seen, s.Trials.Count - 1); if (++seen == 4) s.Stop(); },
        });
        Assert.Equal(OptimizeStopReason.StopRequested, result.StopReason);
        Assert.Equal(4, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(4, storage.CallsTo("StartTrial"));
        Assert.Equal(4, storage.CallsTo("UpdateTrial"));
        Assert.Equal(0, storage.CallsTo("FinishAndStartTrial"));
    }

    [Fact]
    public void An_objective_error_that_is_not_caught_starts_no_next_trial()
    {
        var storage = new Storage.CountingStorage(new InMemoryStudyStorage());
        var study = Study.Create(NewName(), StudyDirection.Minimize, storage: storage);
        int calls = 0;
        Assert.Throws<DivideByZeroException>(() => study.Optimize(t => ++calls == 3 ? throw new DivideByZeroException() : 1.0, new OptimizeOptions { Trials = 10 }));
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Fail], study.Trials.Select(t => t.State));
        Assert.Equal(1, storage.CallsTo("UpdateTrial"));
    }

    /// <summary>A clock whose timestamps move only when told to (GetUtcNow and timers stay real).</summary>
    sealed class SteppingClock : TimeProvider
    {
        long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    [Fact]
    public void Stale_trials_are_looked_for_once_per_heartbeat_interval()
    {
        var storage = new Storage.CountingStorage(new InMemoryStudyStorage());
        var study = Study.Create(NewName(), StudyDirection.Minimize, storage: storage);
        var clock = new SteppingClock();
        // Trials start at 0, 0.3, ..., 2.7 s: the checks run before the trials at 0, 1.2 and 2.4 s.
        study.Optimize(t => { clock.Advance(TimeSpan.FromSeconds(0.3)); return Quadratic(t); },
            new OptimizeOptions { Trials = 10, HeartbeatInterval = TimeSpan.FromSeconds(1), Clock = clock });
        Assert.Equal(3, storage.CallsTo("FailStaleTrials"));
    }

    [Fact]
    public void Parameters_suggested_inside_optimize_are_stored_with_the_trials_next_write()
    {
        var storage = new InMemoryStudyStorage();
        var study = Study.Create(NewName(), StudyDirection.Minimize, storage: storage);
        study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", -1, 1);
            Assert.Empty(storage.GetTrial(t.TrialId).Params); // kept with the trial until its next write
            Assert.Equal(x, t.Params["x"]);
            t.Report(0, x);
            Assert.Equal(x, storage.GetTrial(t.TrialId).Params["x"]); // stored with the report
            t.SuggestFloat("y", -1, 1);
            Assert.False(t.ShouldPrune());
            Assert.True(storage.GetTrial(t.TrialId).Params.ContainsKey("y")); // the pruner reads the stored trial
            t.SuggestFloat("z", -1, 1);
            return x;
        }, new OptimizeOptions { Trials = 3 });
        Assert.All(study.Trials, t => Assert.Equal(["x", "y", "z"], t.Params.Keys.Order()));
    }

    [Fact]
    public void A_heartbeat_stores_the_parameters_of_a_long_trial()
    {
        var storage = new InMemoryStudyStorage();
        var study = Study.Create(NewName(), StudyDirection.Minimize, storage: storage);
        study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", -1, 1);
            Assert.True(SpinWait.SpinUntil(() => storage.GetTrial(t.TrialId).Params.ContainsKey("x"), TimeSpan.FromSeconds(5)),
                "the heartbeat did not store the suggested parameter");
            return x;
        }, new OptimizeOptions { Trials = 1, HeartbeatInterval = TimeSpan.FromMilliseconds(50) });
        Assert.Equal(TrialState.Complete, study.Trials[0].State);
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        var study = Study.Create(NewName(), StudyDirection.Minimize);
        foreach (var (options, field) in new (OptimizeOptions, string)[]
        {
            (new() { Trials = 0 }, "Trials"),
            (new() { Jobs = 0 }, "Jobs"),
            (new() { Timeout = TimeSpan.Zero }, "Timeout"),
            (new() { HeartbeatInterval = TimeSpan.FromSeconds(-1) }, "HeartbeatInterval"),
            (new() { MaxRetries = 1 }, "MaxRetries"),
            (new() { StopWhenBudgetSpent = true }, "StopWhenBudgetSpent"),
            (new() { Catch = [typeof(string)] }, "Catch"),
        })
        {
            var e = Assert.Throws<QuarryException>(() => study.Optimize(Quadratic, options));
            Assert.Equal(ErrorCode.InvalidParameter, e.Code);
            Assert.Contains($"OptimizeOptions.{field}", e.Message, StringComparison.Ordinal);
        }
    }
}
