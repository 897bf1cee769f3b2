using System.CommandLine;
using Quarry.Core;
using Quarry.Optimization.Benchmarks;

namespace Quarry.Cli.Research;

internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks that print comparable figures (engine and analytics figures: see bench/).");
        command.Subcommands.Add(Optimizer());
        return command;
    }

    static Command Optimizer()
    {
        var objective = new Option<string>("--objective") { Description = "branin, hartmann6, rosenbrock10, ackley5, mixed, or all", DefaultValueFactory = _ => "all" };
        var sampler = new Option<string>("--sampler") { Description = "tpe (default: multivariate, as Optuna HEAD, with the evidence-scaled clip), tpe-mv, tpe-indep, tpe-optuna (Optuna HEAD exactly), tpe-31 (Optuna 3.1 defaults) or random", DefaultValueFactory = _ => "tpe" };
        var trials = new Option<int>("--trials") { Description = "trials per seed", DefaultValueFactory = _ => 200 };
        var seeds = new Option<int>("--seeds") { Description = "seeds 0..N−1", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "print the figures as JSON" };
        var command = new Command("optimizer", """
            The optimizer benchmark of shared/bench/optimizer.md: the five functions exactly, median and IQR of the best value
            after 25/50/100/200 trials over the seeds, sampling overhead per trial, and ask() cost with 1,000 and 5,000
            finished trials. Prints the same table as that file.

            Examples:
              quarry bench optimizer --objective branin --sampler tpe --trials 200 --seeds 10
              quarry bench optimizer --objective all --sampler random --json
            """);
        foreach (var option in new Option[] { objective, sampler, trials, seeds, json }) command.Options.Add(option);
        command.SetAction((parse, cancellation) =>
        {
            var name = parse.GetValue(objective)!;
            var objectives = name == "all" ? BenchmarkObjectives.All : [BenchmarkObjectives.Get(name)];
            int t = parse.GetValue(trials), s = parse.GetValue(seeds);
            if (t < 1 || s < 1) throw new QuarryException(ErrorCode.InvalidParameter, "--trials and --seeds must be ≥ 1.");
            var results = new List<OptimizerBenchmarkResult>();
            foreach (var o in objectives)
            {
                cancellation.ThrowIfCancellationRequested();
                results.Add(Output.Progress.Run($"{o.Name} × {parse.GetValue(sampler)}", 1,
                    _ => OptimizerBenchmark.Run(o, parse.GetValue(sampler)!, t, s)));
            }
            if (parse.GetValue(json))
                Console.WriteLine(results.Count == 1 ? results[0].ToJson() : "[" + string.Join(",\n", results.Select(r => r.ToJson())) + "]");
            else
                Console.WriteLine(OptimizerBenchmarkResult.ToTable(results));
            return Cli.Ok;
        });
        return command;
    }
}
