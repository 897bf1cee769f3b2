using Quarry.Backtesting.Engine;

namespace Quarry.Backtesting.Strategies;

/// <summary>
/// A trading strategy: a plain class whose tunable inputs are properties marked with <see cref="ParameterAttribute"/>.
/// The engine calls <see cref="Initialize"/> once, then <see cref="OnBar"/> at the close of every bar; at bar t
/// the strategy must only use data at or before t (a perturbation test checks every built-in).
/// A strategy instance is used by one backtest at a time.
/// </summary>
public abstract class Strategy
{
    /// <summary>The name used on the command line, e.g. "sma-cross".</summary>
    public virtual string Name => StrategyParameters.SnakeCase(GetType().Name).Replace('_', '-');

    /// <summary>Precompute indicators (through <see cref="StrategyContext.Indicators"/> to share them across a sweep) and validate parameters.</summary>
    public virtual void Initialize(StrategyContext context) { }

    /// <summary>Called at the close of each bar of the timeline; submit orders through <paramref name="context"/>.</summary>
    public abstract void OnBar(StrategyContext context);
}
