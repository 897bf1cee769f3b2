namespace Quarry.Server.Jobs;

/// <summary>A validated backtest launch: one built-in strategy on one symbol of the data folder.</summary>
/// <param name="Strategy">A built-in strategy name, e.g. <c>sma-cross</c>.</param>
/// <param name="Parameters">The strategy's parameters as text, each declared by it (the rest keep their defaults).</param>
/// <param name="Symbol">The symbol, as listed by <see cref="MarketDataFolder"/>.</param>
/// <param name="DataPath">The symbol's file (resolved by the server, never given by the caller).</param>
internal sealed record BacktestRequest(string Strategy, IReadOnlyList<KeyValuePair<string, string>> Parameters, string Symbol, string DataPath)
{
    /// <summary>First date to use, or null for the file's first bar.</summary>
    public DateTime? Start { get; init; }

    /// <summary>Last date to use, or null for the file's last bar.</summary>
    public DateTime? End { get; init; }

    /// <summary>Commission as a fraction of traded value (0.001 = 0.1 %).</summary>
    public double Commission { get; init; }

    /// <summary>Adverse slippage on market fills, in basis points.</summary>
    public double SlippageBps { get; init; }

    /// <summary>Starting cash.</summary>
    public double Capital { get; init; } = 100_000;

    /// <summary>The fraction of equity each position takes (1 = all in).</summary>
    public double Size { get; init; } = 1;

    /// <summary>The experiment the run is tracked in.</summary>
    public string Experiment { get; init; } = "";
}
