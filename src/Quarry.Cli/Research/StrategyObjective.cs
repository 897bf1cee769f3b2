using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Strategies;
using Quarry.Core;
using Quarry.Optimization;
using Quarry.Optimization.Distributions;

namespace Quarry.Cli.Research;

/// <summary>
/// Turns a strategy, its data and backtest options into an optimization objective: each trial suggests the
/// searched parameters, runs the event-driven engine, and returns the target metric. With pruning on, the metric
/// is reported at every year end and a trial the pruner rejects stops there. Thread-safe (one instance serves
/// every job); indicator columns are shared across trials.
/// </summary>
internal sealed class StrategyObjective(
    Type strategyType, IReadOnlyList<BarSeries> data, BacktestOptions options, SearchSpace space, string metric,
    IReadOnlyList<MetricConstraint> constraints, bool prune)
{
    readonly ParameterBinder _binder = new(strategyType);
    readonly IndicatorCache _indicators = new();
    readonly MetricEvaluator _evaluator = new([metric, .. constraints.Select(c => c.Metric)]);
    readonly double _periodsPerYear = options.PeriodsPerYear > 0 ? options.PeriodsPerYear
        : Backtesting.Results.Annualization.PeriodsPerYear(data.Count == 1 ? data[0].Time : [.. data.SelectMany(d => d.Time).Distinct().Order()]);

    /// <summary>The metric being optimized.</summary>
    public string Metric => metric;

    /// <summary>The data trials run on.</summary>
    public IReadOnlyList<BarSeries> Data => data;

    /// <summary>The backtest options of every trial.</summary>
    public BacktestOptions Options => options;

    /// <summary>The same objective on other data (e.g. a walk-forward training window).</summary>
    public StrategyObjective WithData(IReadOnlyList<BarSeries> other) =>
        new(strategyType, other, options, space, metric, constraints, prune);

    /// <summary>Runs a configured strategy on <paramref name="on"/> with this objective's options.</summary>
    public Backtesting.Results.BacktestResult Backtest(Strategy strategy, IReadOnlyList<BarSeries> on) =>
        BacktestEngine.Run(strategy, on, options with { PeriodsPerYear = _periodsPerYear }, _indicators);

    /// <summary>Metrics of a result, including the target metric and constraint metrics.</summary>
    public IReadOnlyDictionary<string, double> Metrics(Backtesting.Results.BacktestResult result) => _evaluator.Evaluate(result);

    /// <summary>Bars per year used to annualise.</summary>
    public double PeriodsPerYear => _periodsPerYear;

    /// <summary>Runs one trial.</summary>
    public double Evaluate(Trial trial)
    {
        var strategy = Configure(trial);
        var observer = prune ? new PruningObserver(trial, this) : null;
        var result = BacktestEngine.Run(strategy, data, options with { PeriodsPerYear = _periodsPerYear }, _indicators, observer);
        if (observer?.Pruned == true) throw new TrialPrunedException();
        var metrics = _evaluator.Evaluate(result);
        trial.SetUserAttribute("metrics", metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value));
        if (constraints.Count > 0) trial.SetConstraints([.. constraints.Select(c => c.Violation(metrics.GetValueOrDefault(c.Metric, double.NaN)))]);
        return metrics[metric];
    }

    /// <summary>A strategy instance with the trial's parameters (fixed ones from the space, searched ones suggested).</summary>
    public Strategy Configure(Trial trial)
    {
        var strategy = (Strategy)Activator.CreateInstance(strategyType)!;
        foreach (var (name, text) in space.Fixed) _binder.Set(strategy, name, _binder.Parse(name, text));
        foreach (var (name, distribution) in space.Searched)
        {
            object value = distribution switch
            {
                FloatDistribution f => trial.SuggestFloat(name, f.Low, f.High, f.Log, f.Step),
                IntDistribution i => trial.SuggestInt(name, i.Low, i.High, i.Log, i.Step),
                CategoricalDistribution c => trial.SuggestCategorical(name, c.Choices),
                _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Unsupported distribution for '{name}'."),
            };
            _binder.Set(strategy, name, _binder.Parse(name, SearchSpace.Text(value)));
        }
        return strategy;
    }

    /// <summary>A strategy configured from stored parameter values (e.g. the best trial's).</summary>
    public Strategy Configure(IReadOnlyDictionary<string, object> parameters)
    {
        var strategy = (Strategy)Activator.CreateInstance(strategyType)!;
        foreach (var (name, text) in space.Fixed) _binder.Set(strategy, name, _binder.Parse(name, text));
        foreach (var (name, value) in parameters) _binder.Set(strategy, name, _binder.Parse(name, SearchSpace.Text(value)));
        return strategy;
    }

    sealed class PruningObserver(Trial trial, StrategyObjective objective) : IBacktestObserver
    {
        int _year;

        public bool Pruned { get; private set; }

        public bool OnYearEnd(ReadOnlySpan<DateTime> time, ReadOnlySpan<double> equity)
        {
            double value = objective._evaluator.Evaluate(objective.Metric, time, equity, objective.Options.InitialCash, objective._periodsPerYear);
            trial.Report(_year++, value);
            Pruned = trial.ShouldPrune();
            return !Pruned;
        }
    }
}
