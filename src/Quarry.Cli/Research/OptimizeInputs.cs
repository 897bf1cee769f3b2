using System.CommandLine;
using Quarry.Backtesting.Strategies;
using Quarry.Cli.Commands;
using Quarry.Core;
using Quarry.Optimization;
using Quarry.Optimization.Pruners;
using Quarry.Optimization.Samplers;

namespace Quarry.Cli.Research;

/// <summary>The options of `quarry optimize` (also re-parsed by `quarry worker` from the arguments stored with a study).</summary>
internal sealed class OptimizeInputs
{
    public BacktestInputs Backtest { get; } = new();
    public Option<string> Space { get; } = new("--space") { Description = "'auto' (the strategy's declared ranges) or a JSON file narrowing them", DefaultValueFactory = _ => "auto" };
    public Option<string> Metric { get; } = new("--metric", "-m") { Description = "metric to optimize (e.g. sharpe, cagr, calmar, sortino, total_return)", DefaultValueFactory = _ => "sharpe" };
    public Option<string> Direction { get; } = new("--direction") { Description = "maximize or minimize", DefaultValueFactory = _ => "maximize" };
    public Option<int> Trials { get; } = new("--trials", "-n") { Description = "trial budget of the study (shared by every worker)", DefaultValueFactory = _ => 100 };
    public Option<int> Jobs { get; } = new("--jobs", "-j") { Description = "parallel trials in this process", DefaultValueFactory = _ => 1 };
    public Option<string> Sampler { get; } = new("--sampler") { Description = "tpe (default, multivariate), tpe-independent, random or grid", DefaultValueFactory = _ => "tpe" };
    public Option<string> Pruner { get; } = new("--pruner") { Description = "none, median, percentile:P, sha (successive halving) or hyperband; pruning reports the metric at each year end", DefaultValueFactory = _ => "none" };
    public Option<string> Study { get; } = new("--study") { Description = "study name (default: strategy-metric-timestamp); an existing study is resumed" };
    public Option<string> Storage { get; } = new("--storage") { Description = "memory (default), sqlite:PATH or postgresql://user@host:port/db" };
    public Option<string[]> Constraints { get; } = new("--constraint") { Description = "metric constraint, e.g. \"max_drawdown > -0.25\" (repeatable); feasible trials are preferred", AllowMultipleArgumentsPerToken = false };
    public Option<int?> Seed { get; } = new("--seed") { Description = "seed for a reproducible search" };
    public Option<TimeSpan?> Timeout { get; } = new("--timeout") { Description = "stop after this long (e.g. 00:10:00)" };

    public void AddTo(Command command)
    {
        Backtest.AddTo(command);
        foreach (var option in new Option[] { Space, Metric, Direction, Trials, Jobs, Sampler, Pruner, Study, Storage, Constraints, Seed, Timeout })
            command.Options.Add(option);
    }

    /// <summary>Everything needed to run trials, built from parsed arguments.</summary>
    public OptimizationSetup Build(ParseResult parse)
    {
        var strategyName = parse.GetValue(Backtest.Strategy)!;
        var strategyType = new StrategyCatalog().Resolve(strategyName);
        var space = SearchSpace.From(StrategyParameters.Describe(strategyType), strategyName,
            parse.GetValue(Space) is { } file && file != "auto" ? file : null, Backtest.ParameterValues(parse));
        var metric = parse.GetValue(Metric)!;
        var known = MetricEvaluator.Known;
        if (!known.Contains(metric)) throw new QuarryException(ErrorCode.InvalidParameter, $"Unknown metric '--metric {metric}' (known: {string.Join(", ", known)}).");
        var direction = parse.GetValue(Direction) switch
        {
            "maximize" => StudyDirection.Maximize,
            "minimize" => StudyDirection.Minimize,
            var d => throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--direction {d}' is invalid: expected maximize or minimize."),
        };
        int trials = parse.GetValue(Trials), jobs = parse.GetValue(Jobs);
        if (trials < 1) throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--trials {trials}' is invalid: expected ≥ 1.");
        if (jobs < 1) throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--jobs {jobs}' is invalid: expected ≥ 1.");
        var constraints = (parse.GetValue(Constraints) ?? []).Select(c => MetricConstraint.Parse(c, known)).ToList();
        var pruner = Pruners.Parse(parse.GetValue(Pruner)!);
        var options = Backtest.Options(parse);
        var data = Backtest.LoadData(parse);
        var objective = new StrategyObjective(strategyType, data, options, space, metric, constraints, pruner is not NopPruner);
        var seed = parse.GetValue(Seed);
        var samplerName = parse.GetValue(Sampler)!;
        return new OptimizationSetup(strategyName, objective, space, direction, trials, jobs,
            Samplers.Create(samplerName, space, seed), pruner, constraints, parse.GetValue(Timeout))
        {
            NewSampler = offset => Samplers.Create(samplerName, space, seed + offset),
            NewPruner = () => Pruners.Parse(parse.GetValue(Pruner)!),
        };
    }
}

/// <summary>A ready-to-run optimization.</summary>
internal sealed record OptimizationSetup(
    string StrategyName, StrategyObjective Objective, SearchSpace Space, StudyDirection Direction, int Trials, int Jobs,
    ISampler Sampler, IPruner Pruner, IReadOnlyList<MetricConstraint> Constraints, TimeSpan? Timeout)
{
    /// <summary>A fresh sampler of the same kind; the seed (when given) is offset so that studies differ reproducibly.</summary>
    public required Func<int, ISampler> NewSampler { get; init; }

    /// <summary>A fresh pruner of the same kind.</summary>
    public required Func<IPruner> NewPruner { get; init; }
}
