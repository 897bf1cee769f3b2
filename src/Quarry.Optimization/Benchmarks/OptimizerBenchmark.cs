using System.Diagnostics;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Storage;

namespace Quarry.Optimization.Benchmarks;

/// <summary>
/// The optimizer benchmark of <c>shared/bench/optimizer.md</c>: best value found after 25/50/100/200 trials over seeds
/// 0..seeds−1, sampling overhead per trial, and the ask() cost with a large completed history.
/// Runs synchronously on the calling thread, in-memory storage, one study per seed.
/// </summary>
public static class OptimizerBenchmark
{
    /// <summary>Trial counts at which the best value is recorded (those ≤ the trial budget).</summary>
    public static IReadOnlyList<int> Checkpoints { get; } = [25, 50, 100, 200];

    /// <summary>Sampler names <see cref="CreateSampler"/> understands.</summary>
    public static IReadOnlyList<string> SamplerNames { get; } = ["tpe", "tpe-mv", "tpe-indep", "tpe-optuna", "tpe-31", "random"];

    /// <summary>
    /// The sampler called <paramref name="name"/> with <paramref name="seed"/>: <c>tpe</c> = <see cref="TpeSampler"/>
    /// defaults (Optuna HEAD's multivariate, constant-liar TPE plus <see cref="TpeOptions.EvidenceScaledClip"/>),
    /// <c>tpe-mv</c> = multivariate set explicitly, <c>tpe-indep</c> = the defaults with <c>Multivariate = false</c>,
    /// <c>tpe-optuna</c> = <see cref="TpeOptions.OptunaHead"/>, <c>tpe-31</c> = <see cref="TpeOptions.Optuna31"/>,
    /// <c>random</c> = <see cref="RandomSampler"/>. Throws InvalidParameter for another name.
    /// </summary>
    public static ISampler CreateSampler(string name, int seed) => name switch
    {
        "tpe" => new TpeSampler(new TpeOptions { Seed = seed }),
        "tpe-mv" => new TpeSampler(new TpeOptions { Seed = seed, Multivariate = true }),
        "tpe-indep" => new TpeSampler(new TpeOptions { Seed = seed, Multivariate = false }),
        "tpe-optuna" => new TpeSampler(TpeOptions.OptunaHead with { Seed = seed }),
        "tpe-31" => new TpeSampler(TpeOptions.Optuna31 with { Seed = seed }),
        "random" => new RandomSampler(seed),
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Unknown benchmark sampler '{name}' (known: {string.Join(", ", SamplerNames)})."),
    };

    /// <summary>
    /// Runs <paramref name="objective"/> with <paramref name="sampler"/> for <paramref name="trials"/> trials on seeds
    /// 0..<paramref name="seeds"/>−1, then (unless <paramref name="options"/> says otherwise) measures ask() with
    /// 1,000 and 5,000 completed trials. Deterministic in everything but the timings.
    /// </summary>
    public static OptimizerBenchmarkResult Run(BenchmarkObjective objective, string sampler, int trials = 200, int seeds = 10,
        OptimizerBenchmarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        options ??= new OptimizerBenchmarkOptions();
        _ = CreateSampler(sampler, 0); // validate the name before the long part

        var best = new double[seeds][];
        var overheadMean = new double[seeds];
        var overheadLast = new double[seeds];
        for (int seed = 0; seed < seeds; seed++)
        {
            var (curve, overhead) = RunSeed(objective, sampler, trials, seed);
            best[seed] = curve;
            overheadMean[seed] = overhead.Average();
            overheadLast[seed] = overhead.Skip(Math.Max(0, trials - 20)).Average();
        }

        var bestAt = new SortedDictionary<int, BestValueSummary>();
        foreach (int n in Checkpoints)
        {
            if (n > trials) continue;
            var atN = best.Select(c => c[n - 1]).ToArray();
            bestAt[n] = new BestValueSummary(Percentile(atN, 50), Percentile(atN, 25), Percentile(atN, 75));
        }

        var ask = new SortedDictionary<int, AskCost>();
        foreach (int history in options.HistorySizes)
            ask[history] = MeasureAsk(objective, sampler, history, options.Asks);

        return new OptimizerBenchmarkResult
        {
            Objective = objective.Name,
            Optimum = objective.Optimum,
            Sampler = sampler,
            Trials = trials,
            Seeds = seeds,
            BestAt = bestAt,
            OverheadMsMean = Percentile(overheadMean, 50),
            OverheadMsLast20 = Percentile(overheadLast, 50),
            Ask = ask,
        };
    }

    static (double[] BestSoFar, double[] OverheadMs) RunSeed(BenchmarkObjective objective, string sampler, int trials, int seed)
    {
        var study = Study.Create($"bench-{objective.Name}-{sampler}-{seed}", StudyDirection.Minimize, CreateSampler(sampler, seed));
        var bestSoFar = new double[trials];
        var overhead = new double[trials];
        double best = double.PositiveInfinity;
        for (int i = 0; i < trials; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            var trial = study.Ask();
            var x = objective.Suggest(trial);
            long t1 = Stopwatch.GetTimestamp();
            double value = objective.Evaluate(x);
            long t2 = Stopwatch.GetTimestamp();
            study.Tell(trial, value);
            long t3 = Stopwatch.GetTimestamp();
            overhead[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds + Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
            best = Math.Min(best, value);
            bestSoFar[i] = best;
        }
        return (bestSoFar, overhead);
    }

    /// <summary>
    /// ask()+suggest cost with <paramref name="history"/> Complete trials added through the storage (parameters uniform
    /// from a generator seeded 12345, drawn in suggest order: floats uniform in [low, high] (in ln-space when
    /// log-scaled), ints uniform on the grid, categoricals uniform; values are the true objective values), sampler
    /// seed 0, then <paramref name="asks"/> ask/suggest/tell rounds.
    /// </summary>
    public static AskCost MeasureAsk(BenchmarkObjective objective, string sampler, int history, int asks = 20)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var storage = new InMemoryStudyStorage();
        var study = Study.Create($"ask-{objective.Name}-{sampler}-{history}", StudyDirection.Minimize, CreateSampler(sampler, 0), storage: storage);
        var rng = new Random(12345);
        var distributions = objective.Space.ToDictionary(p => p.Name, p => p.Distribution);
        for (int i = 0; i < history; i++)
        {
            var x = new double[objective.Space.Count];
            var ps = new Dictionary<string, double>(x.Length);
            for (int j = 0; j < x.Length; j++)
            {
                x[j] = UniformDraw(objective.Space[j].Distribution, rng);
                ps[objective.Space[j].Name] = x[j];
            }
            storage.CreateTrial(study.Id, new TrialTemplate { State = TrialState.Complete, Value = objective.Evaluate(x), Params = ps, Distributions = distributions });
        }

        var askMs = new double[asks];
        var tellMs = new double[asks];
        for (int i = 0; i < asks; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            var trial = study.Ask();
            var x = objective.Suggest(trial);
            long t1 = Stopwatch.GetTimestamp();
            double value = objective.Evaluate(x);
            long t2 = Stopwatch.GetTimestamp();
            study.Tell(trial, value);
            long t3 = Stopwatch.GetTimestamp();
            askMs[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            tellMs[i] = Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds;
        }
        return new AskCost(Percentile(askMs, 50), askMs.Average(), Percentile(tellMs, 50));
    }

    static double UniformDraw(Distribution d, Random rng) => d switch
    {
        FloatDistribution { Step: { } s } f => f.Low + rng.NextInt64((long)Math.Round((f.High - f.Low) / s) + 1) * s,
        FloatDistribution { Log: true } f => Math.Clamp(Math.Exp(Math.Log(f.Low) + rng.NextDouble() * (Math.Log(f.High) - Math.Log(f.Low))), f.Low, f.High),
        FloatDistribution f => f.Low + rng.NextDouble() * (f.High - f.Low),
        IntDistribution n => n.Low + rng.NextInt64((n.High - n.Low) / n.Step + 1) * n.Step,
        CategoricalDistribution c => rng.Next(c.Choices.Count),
        _ => throw new InvalidOperationException($"Unsupported distribution {d}."),
    };

    /// <summary>numpy's <c>percentile</c> with linear interpolation (q in 0..100); NaN for no values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double pos = q / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
