using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Worker;

/// <summary>
/// Storage diagnostics for the benchmark, in one process: profile --storage LOC [--n 300]. Prints the wall and CPU time
/// of each storage call, of whole Optimize trials (10 ms objective) with the storage calls they make, and the
/// throughput of 1/4/8 threads doing a worker's call (tell + next start) after a 10 ms pause.
/// </summary>
static class Profile
{
    static readonly FloatDistribution X = new(-5, 10);

    static readonly TrialUpdate Tell = new()
    {
        Params = new Dictionary<string, double> { ["x0"] = 1, ["x1"] = 2 },
        Distributions = new Dictionary<string, Distribution> { ["x0"] = X, ["x1"] = X },
        State = TrialState.Complete,
        Value = 1,
    };

    public static int Run(Options o, TextWriter output)
    {
        using var storage = SqlStudyStorage.Open(o.Required("storage"));
        int n = o.Int("n", 300);
        SingleCalls(storage, n, output: null); // warm-up
        SingleCalls(storage, n, output);
        OptimizeTrials(storage, Math.Min(n, 100), output);
        Threads(storage, output);
        return 0;
    }

    static void SingleCalls(SqlStudyStorage storage, int n, TextWriter? output)
    {
        var study = storage.CreateStudy($"profile-{Guid.NewGuid():N}", StudyDirection.Minimize);
        var times = new Dictionary<string, (double Wall, double Cpu)>();
        void Time(string name, Action a)
        {
            double c0 = Clock.CpuMs();
            var sw = Stopwatch.StartNew();
            a();
            var (w, c) = times.GetValueOrDefault(name);
            times[name] = (w + sw.Elapsed.TotalMilliseconds, c + Clock.CpuMs() - c0);
        }
        FrozenTrial t = null!;
        for (int i = 0; i < n; i++)
        {

            // A trial inside Optimize: its tell (params + state) and the next start (with its first heartbeat) in one call.
            t = storage.StartTrial(study.Id, 1_000_000, recordHeartbeat: true)!;
            Time("FinishAndStartTrial", () => t = storage.FinishAndStartTrial(t.TrialId, Tell, study.Id, 1_000_000, recordHeartbeat: true)!);
            // The same as two calls, for comparison.
            Time("UpdateTrial(tell)", () => storage.UpdateTrial(t.TrialId, Tell));
            Time("StartTrial(budget,hb)", () => t = storage.StartTrial(study.Id, 1_000_000, recordHeartbeat: true)!);
            storage.UpdateTrial(t.TrialId, Tell);
            // The single calls, for comparison.
            Time("FailStaleTrials", () => storage.FailStaleTrials(study.Id, TimeSpan.FromSeconds(1)));
            Time("StartTrial(budget)", () => t = storage.StartTrial(study.Id, 1_000_000)!);
            Time("GetTrial(running)", () => storage.GetTrial(t.TrialId));
            Time("GetTrials", () => storage.GetTrials(study.Id));
            Time("SetParam", () => storage.SetParam(t.TrialId, "x0", 1, X));
            Time("RecordHeartbeat", () => storage.RecordHeartbeat(t.TrialId));
            Time("SetState(Complete)", () => storage.SetState(t.TrialId, TrialState.Complete, 1));
            Time("GetTrial(finished)", () => storage.GetTrial(t.TrialId));
        }
        if (output is null) return;
        foreach (var (name, (w, c)) in times)
            output.WriteLine($"{name,-24} wall {w / n * 1000,8:F0} µs   cpu {c / n * 1000,8:F0} µs");
    }

    static void OptimizeTrials(SqlStudyStorage storage, int trials, TextWriter output)
    {
        foreach (var (label, target, heartbeat) in new (string?, IStudyStorage, TimeSpan?)[]
        {
            (null, storage, TimeSpan.FromMilliseconds(500)), // warm-up (tiered compilation)
            ("Optimize, no heartbeat", storage, null),
            ("Optimize trial", storage, TimeSpan.FromMilliseconds(500)),
            ("Optimize, no heartbeat", storage, null),
            ("Optimize, in memory", new InMemoryStudyStorage(), TimeSpan.FromMilliseconds(500)),
        })
        {
            var counter = DispatchProxy.Create<IStudyStorage, CallCounter>();
            ((CallCounter)counter).Inner = target;
            var study = Study.Create($"profile-{Guid.NewGuid():N}", StudyDirection.Minimize, new RandomSampler(1), storage: counter);
            double c0 = Clock.CpuMs();
            var sw = Stopwatch.StartNew();
            study.Optimize(t => { t.SuggestFloat("x0", -5, 10); t.SuggestFloat("x1", 0, 15); Thread.Sleep(10); return 1; },
                new OptimizeOptions { Trials = trials, StopWhenBudgetSpent = true, HeartbeatInterval = heartbeat });
            if (label is null) continue;
            var calls = ((CallCounter)counter).Calls.Where(kv => kv.Key != "CreateStudy" && kv.Key != "FindStudy")
                .Select(kv => $"{kv.Key} {kv.Value / (double)trials:0.##}");
            output.WriteLine($"{label,-24} wall {(sw.Elapsed.TotalMilliseconds / trials - 10) * 1000,8:F0} µs   cpu {(Clock.CpuMs() - c0) / trials * 1000,8:F0} µs" +
                $"   (beyond the 10 ms objective; calls per trial: {string.Join(", ", calls)})");
        }
    }

    static void Threads(SqlStudyStorage storage, TextWriter output)
    {
        var study = storage.CreateStudy($"profile-{Guid.NewGuid():N}", StudyDirection.Minimize);
        for (int round = 0; round < 2; round++) // the two ways alternate, so that both see the same machine load
            foreach (int threads in new[] { 1, 4, 8 })
                foreach (bool fused in new[] { true, false })
                {
                    int count = 0;
                    var stop = DateTime.UtcNow + TimeSpan.FromSeconds(2);
                    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
                    {
                        var t = storage.StartTrial(study.Id, int.MaxValue, recordHeartbeat: true)!;
                        while (DateTime.UtcNow < stop)
                        {
                            if (fused) t = storage.FinishAndStartTrial(t.TrialId, Tell, study.Id, int.MaxValue, recordHeartbeat: true)!;
                            else
                            {
                                storage.UpdateTrial(t.TrialId, Tell);
                                t = storage.StartTrial(study.Id, int.MaxValue, recordHeartbeat: true)!;
                            }
                            Thread.Sleep(10);
                            Interlocked.Increment(ref count);
                        }
                        storage.UpdateTrial(t.TrialId, Tell);
                    })).ToList();
                    double c0 = Clock.CpuMs();
                    var sw = Stopwatch.StartNew();
                    workers.ForEach(w => w.Start());
                    workers.ForEach(w => w.Join());
                    double rate = count / sw.Elapsed.TotalSeconds;
                    output.WriteLine($"{threads} threads (10 ms, {(fused ? "tell + next start, one call " : "tell, then start: two calls")}): " +
                        $"{rate:F0} trials/s = {100 * rate / (threads * 100):F0} % of ideal, cpu {(Clock.CpuMs() - c0) / count * 1000:F0} µs/trial");
                }
    }
}

/// <summary>Forwards every IStudyStorage call to <see cref="Inner"/> and counts the calls by name.</summary>
public class CallCounter : DispatchProxy
{
    /// <summary>The storage called.</summary>
    public IStudyStorage Inner { get; set; } = null!;

    /// <summary>Calls so far by method name.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Wall time of the calls so far by method name, in Stopwatch ticks.</summary>
    public ConcurrentDictionary<string, long> Ticks { get; } = new();

    /// <summary>Mean wall milliseconds per call of each method, as key=value pairs (prefix call_).</summary>
    public string MeanWallMs() => string.Join(" ", Calls.Select(kv => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"call_{kv.Key}_ms={Ticks.GetValueOrDefault(kv.Key) * 1000.0 / Stopwatch.Frequency / kv.Value:F3}")));

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.AddOrUpdate(targetMethod.Name, 1, (_, n) => n + 1);
        long started = Stopwatch.GetTimestamp();
        try { return targetMethod.Invoke(Inner, args); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        finally
        {
            long ticks = Stopwatch.GetTimestamp() - started;
            Ticks.AddOrUpdate(targetMethod.Name, ticks, (_, n) => n + ticks);
        }
    }
}
