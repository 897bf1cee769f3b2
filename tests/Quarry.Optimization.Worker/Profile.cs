using System.Diagnostics;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Worker;

/// <summary>Times each storage call in one process (diagnostics for the benchmark): profile --storage LOC [--n 300].</summary>
static class Profile
{
    public static int Run(Options o, TextWriter output)
    {
        using var storage = SqlStudyStorage.Open(o.Required("storage"));
        int n = o.Int("n", 300);
        var x = new FloatDistribution(-5, 10);
        for (int round = 0; round < 2; round++)
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
            for (int i = 0; i < n; i++)
            {
                FrozenTrial t = null!;
                Time("FailStaleTrials", () => storage.FailStaleTrials(study.Id, TimeSpan.FromSeconds(1)));
                Time("StartTrial(budget)", () => t = storage.StartTrial(study.Id, 1_000_000)!);
                Time("GetTrial(running)", () => storage.GetTrial(t.TrialId));
                Time("GetTrials", () => storage.GetTrials(study.Id));
                Time("SetParam", () => storage.SetParam(t.TrialId, "x0", 1, x));
                Time("RecordHeartbeat", () => storage.RecordHeartbeat(t.TrialId));
                Time("SetState(Complete)", () => storage.SetState(t.TrialId, TrialState.Complete, 1));
                Time("GetTrial(finished)", () => storage.GetTrial(t.TrialId));
            }
            if (round == 0) continue;
            var t0 = storage.CreateTrial(study.Id);
            foreach (var (label, action) in new (string, Action)[]
            {
                ("loop RecordHeartbeat", () => storage.RecordHeartbeat(t0.TrialId)),
                ("loop GetTrial(running)", () => storage.GetTrial(t0.TrialId)),
                ("loop FailStaleTrials", () => storage.FailStaleTrials(study.Id, TimeSpan.FromSeconds(100))),
            })
            {
                double c0 = Clock.CpuMs();
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < n; i++) action();
                output.WriteLine($"{label,-22} wall {sw.Elapsed.TotalMilliseconds / n * 1000,8:F0} µs   cpu {(Clock.CpuMs() - c0) / n * 1000,8:F0} µs");
            }
            foreach (var (name, (w, c)) in times)
                output.WriteLine($"{name,-22} wall {w / n * 1000,8:F0} µs   cpu {c / n * 1000,8:F0} µs");
        }
        return 0;
    }
}
