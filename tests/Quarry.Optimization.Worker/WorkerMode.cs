using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Storage;
using Quarry.Storage;

namespace Quarry.Optimization.Worker;

/// <summary>The worker side: one process optimising a shared study, or one dying in the middle of a transaction.</summary>
static class WorkerMode
{
    /// <summary>Branin (x0 ∈ [−5, 10], x1 ∈ [0, 15]) plus a sleep: the benchmark objective of shared/bench/optimizer.md §8.</summary>
    static double Branin(Trial trial, int sleepMs, CycleTimes? times = null)
    {
        times?.ObjectiveEntered();
        double x0 = trial.SuggestFloat("x0", -5, 10), x1 = trial.SuggestFloat("x1", 0, 15);
        if (sleepMs > 0)
        {
            long slept = Stopwatch.GetTimestamp();
            Thread.Sleep(sleepMs);
            times?.Slept(slept);
        }
        times?.ObjectiveLeft();
        const double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        return Math.Pow(x1 - b * x0 * x0 + c * x0 - 6, 2) + 10 * (1 - t) * Math.Cos(x0) + 10;
    }

    public static int Optimize(Options o)
    {
        using var storage = SqlStudyStorage.Open(o.Required("storage"));
        int seed = o.Int("seed", Environment.ProcessId);
        int sleepMs = o.Int("objective-ms", 10);
        int? heartbeatMs = o.Get("heartbeat-ms") is null ? null : o.Int("heartbeat-ms", 500);
        bool hang = o.Flag("hang");
        if (o.Get("warmup") is { } w) Warmup(storage, seed, w == "true" ? 200 : int.Parse(w, CultureInfo.InvariantCulture));
        CallCounter? timed = null;
        IStudyStorage used = storage;
        if (o.Flag("time-calls"))
        {
            used = DispatchProxy.Create<IStudyStorage, CallCounter>();
            timed = (CallCounter)used;
            timed.Inner = storage;
        }
        var study = Study.CreateOrLoad(o.Required("study"), StudyDirection.Minimize, new RandomSampler(seed), storage: used);
        Console.WriteLine("READY");
        if (o.Flag("wait-go")) Console.ReadLine(); // the parent releases every worker at once
        long start = Clock.UnixMs();
        double cpu0 = Clock.CpuMs();
        var times = new CycleTimes();
        var result = study.Optimize(trial =>
        {
            if (hang)
            {
                trial.SuggestFloat("x0", -5, 10);
                Console.WriteLine($"RUNNING {trial.Number}");
                Thread.Sleep(Timeout.Infinite);
            }
            return Branin(trial, sleepMs, times);
        }, new OptimizeOptions
        {
            Trials = o.Int("budget", 200),
            StopWhenBudgetSpent = true,
            HeartbeatInterval = heartbeatMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Catch = [typeof(Exception)], // no callback: a callback makes each trial's start wait for it (one more round trip)
        });
        long end = Clock.UnixMs();
        int done = result.Trials.Count(t => t.State == TrialState.Complete);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DONE start={start} end={end} complete={done} other={result.Trials.Count - done} cpu_ms={Clock.CpuMs() - cpu0:F1} {times} {timed?.MeanWallMs()} stop={result.StopReason}"));
        if (o.Flag("wait-exit")) Console.ReadLine(); // keeps its connections (their server processes) until released
        return 0;
    }

    /// <summary>
    /// Runs trials in a throw-away study, at least <paramref name="trials"/> of them and for at least 3 s, so that
    /// timing starts with open connections and compiled code (Optuna's workers import and connect first). The benchmark
    /// also turns tiered compilation off in its workers: its background re-JIT otherwise outlasts the warm-up.
    /// </summary>
    static void Warmup(SqlStudyStorage storage, int seed, int trials)
    {
        var study = Study.Create($"warmup-{Environment.ProcessId}-{Guid.NewGuid():N}", StudyDirection.Minimize, new RandomSampler(seed), storage: storage);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int budget = trials; ; budget += trials)
        {
            study.Optimize(t => Branin(t, 0), new OptimizeOptions { Trials = budget, HeartbeatInterval = TimeSpan.FromSeconds(10), StopWhenBudgetSpent = true });
            if (clock.Elapsed >= TimeSpan.FromSeconds(3)) break;
        }
        storage.DeleteStudy(study.Id);
    }

    public static int HalfTrial(Options o)
    {
        string location = o.Required("storage");
        using (SqlStudyStorage.Open(location)) { } // schema
        using var factory = ConnectionFactory.Create(location);
        var dialect = factory.Dialect;
        using var connection = factory.Open();
        long studyId = Convert.ToInt64(connection.Sql("SELECT study_id FROM studies WHERE study_name = @n").With("n", o.Required("study")).Scalar(),
            CultureInfo.InvariantCulture);
        var tx = dialect.BeginWrite(connection);
        connection.Sql("UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE study_id = @s", tx).With("s", studyId).Exec();
        long trialId = Convert.ToInt64(connection.Sql($"""
            INSERT INTO trials (study_id, number, state, datetime_start) SELECT study_id, next_trial_number - 1, 'RUNNING', {dialect.Now}
            FROM studies WHERE study_id = @s RETURNING trial_id
            """, tx).With("s", studyId).Scalar(), CultureInfo.InvariantCulture);
        connection.Sql("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (@t, 'x', 0.5, @d)", tx)
            .With("t", trialId).With("d", new Distributions.FloatDistribution(0, 1).ToJson()).Exec();
        Console.WriteLine("READY");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
