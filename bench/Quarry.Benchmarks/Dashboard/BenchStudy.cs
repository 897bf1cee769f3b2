using Quarry.Optimization;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Storage;

namespace Quarry.Benchmarks.Dashboard;

/// <summary>
/// The study the dashboard benchmark shows: <see cref="Trials"/> trials over five parameters (two ints, a log float, a
/// float, a categorical) written into the tracking database as <c>quarry optimize --storage</c> would, with a seeded
/// objective; 3 % Pruned, 1 % Fail and the last two Running, so the page polls. Written once per database.
/// </summary>
internal static class BenchStudy
{
    public const string Name = "bench-sma-2000";
    public const int Trials = 2000;

    static readonly IntDistribution Fast = new(2, 100), Slow = new(10, 300);
    static readonly FloatDistribution Stop = new(0.001, 0.2, log: true), Threshold = new(-1, 1);
    static readonly CategoricalDistribution Mode = new(["long", "short", "both"]);

    public static void Ensure(string location, TextWriter output)
    {
        using var storage = SqlStudyStorage.Open(location);
        if (storage.FindStudy(Name) is not null) return;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var study = storage.CreateStudy(Name, StudyDirection.Maximize);
        storage.SetStudyUserAttribute(study.Id, "quarry.args", "[\"--strategy\",\"sma-cross\",\"--trials\",\"2000\"]");
        var rng = new Random(7);
        var distributions = new Dictionary<string, Distribution> { ["fast"] = Fast, ["slow"] = Slow, ["stop"] = Stop, ["threshold"] = Threshold, ["mode"] = Mode };
        for (int i = 0; i < Trials; i++)
        {
            double fast = rng.Next(2, 101), slow = rng.Next(10, 301), stop = Math.Exp(Math.Log(0.001) + rng.NextDouble() * Math.Log(200)), threshold = rng.NextDouble() * 2 - 1;
            double mode = rng.Next(3);
            double value = 1.5 - Math.Abs(fast - 20) / 40 - Math.Abs(slow - 120) / 200 + 0.3 * threshold + 0.1 * mode + 0.2 * (rng.NextDouble() - 0.5);
            var state = i >= Trials - 2 ? TrialState.Running : i % 100 == 50 ? TrialState.Fail : i % 33 == 7 ? TrialState.Pruned : TrialState.Complete;
            var parameters = new Dictionary<string, double> { ["fast"] = fast, ["slow"] = slow, ["stop"] = stop, ["threshold"] = threshold, ["mode"] = mode };
            storage.CreateTrial(study.Id, new TrialTemplate
            {
                State = state, Params = parameters, Distributions = distributions,
                Value = state is TrialState.Complete or TrialState.Pruned ? value : null,
                IntermediateValues = state == TrialState.Pruned ? new Dictionary<int, double> { [1] = value } : new Dictionary<int, double>(),
            });
        }
        output.WriteLine($"Seeded study {Name} ({Trials:N0} trials) in {started.Elapsed.TotalSeconds:F1} s.");
    }
}
