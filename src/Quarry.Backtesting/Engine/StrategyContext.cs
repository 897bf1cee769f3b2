using Quarry.Backtesting.Internal;
using Quarry.Backtesting.Orders;
using Quarry.Core;

namespace Quarry.Backtesting.Engine;

/// <summary>
/// What a strategy sees and does during a backtest: the data up to the current bar, the account, and orders.
/// Symbols are addressed by index (their position in <see cref="Data"/>). One instance per backtest, reused for
/// every bar; valid only during <c>Initialize</c> and <c>OnBar</c> calls.
/// </summary>
public sealed class StrategyContext
{
    readonly Simulation _simulation;

    internal StrategyContext(Simulation simulation, IReadOnlyList<BarSeries> data, BacktestOptions options, IndicatorCache indicators)
    {
        _simulation = simulation;
        Data = data;
        Options = options;
        Indicators = indicators;
    }

    /// <summary>One series per symbol. Strategies must read index ≤ <see cref="BarIndex"/> only.</summary>
    public IReadOnlyList<BarSeries> Data { get; }

    /// <summary>The backtest's options.</summary>
    public BacktestOptions Options { get; }

    /// <summary>Shared indicator columns; compute indicators here in Initialize.</summary>
    public IndicatorCache Indicators { get; }

    /// <summary>Number of symbols.</summary>
    public int SymbolCount => Data.Count;

    /// <summary>Index of the current step in the timeline.</summary>
    public int Step => _simulation.Step;

    /// <summary>Time of the current step.</summary>
    public DateTime Time => _simulation.Now;

    /// <summary>Index of symbol <paramref name="s"/>'s latest bar at or before now; −1 before its first bar.</summary>
    public int BarIndex(int s) => _simulation.BarIndex(s);

    /// <summary>Whether symbol <paramref name="s"/> has a bar at exactly the current time.</summary>
    public bool HasBar(int s) => _simulation.HasBar(s);

    /// <summary>The index of a symbol by name.</summary>
    /// <exception cref="QuarryException">No such symbol.</exception>
    public int SymbolIndex(string symbol)
    {
        for (int s = 0; s < Data.Count; s++)
            if (Data[s].Symbol == symbol) return s;
        throw new QuarryException(ErrorCode.NotFound,
            $"Symbol '{symbol}' is not in the data (symbols: {string.Join(", ", Data.Select(d => d.Symbol))}).");
    }

    /// <summary>Cash now.</summary>
    public double Cash => _simulation.Ledger.Cash;

    /// <summary>Cash plus positions marked at their latest close.</summary>
    public double Equity => _simulation.Equity;

    /// <summary>Shares held of symbol <paramref name="s"/> (negative = short).</summary>
    public double Position(int s) => _simulation.Ledger.Position(s);

    /// <summary>Whether symbol <paramref name="s"/> has orders waiting to fill.</summary>
    public bool HasWorkingOrders(int s) => _simulation.HasWorkingOrders(s, signalOnly: false);

    /// <summary>Submits a buy order; returns its id.</summary>
    public int Buy(int s, OrderSize size, OrderType type = OrderType.Market, double limitPrice = double.NaN, double stopPrice = double.NaN) =>
        Submit(s, OrderSide.Buy, size, type, limitPrice, stopPrice);

    /// <summary>Submits a sell order; returns its id.</summary>
    public int Sell(int s, OrderSize size, OrderType type = OrderType.Market, double limitPrice = double.NaN, double stopPrice = double.NaN) =>
        Submit(s, OrderSide.Sell, size, type, limitPrice, stopPrice);

    /// <summary>Cancels a working order; false when it already filled or does not exist.</summary>
    public bool Cancel(int orderId) => _simulation.Cancel(orderId);

    /// <summary>Cancels every working order of symbol <paramref name="s"/>.</summary>
    public void CancelAll(int s) => _simulation.CancelWhere(s, signalOnly: false);

    /// <summary>Closes the whole position of symbol <paramref name="s"/> with a market order.</summary>
    public void ClosePosition(int s)
    {
        double position = Position(s);
        if (position != 0) Submit(s, position > 0 ? OrderSide.Sell : OrderSide.Buy, OrderSize.WholePosition, OrderType.Market, double.NaN, double.NaN);
    }

    /// <summary>Be long symbol <paramref name="s"/>: closes a short, then enters with the configured sizer. Repeated calls are no-ops.</summary>
    public void GoLong(int s) => _simulation.Go(s, +1);

    /// <summary>Be short symbol <paramref name="s"/> (flat when shorting is not allowed). Repeated calls are no-ops.</summary>
    public void GoShort(int s) => _simulation.Go(s, -1);

    /// <summary>Be flat in symbol <paramref name="s"/>. Repeated calls are no-ops.</summary>
    public void GoFlat(int s) => _simulation.Go(s, 0);

    int Submit(int s, OrderSide side, OrderSize size, OrderType type, double limit, double stop)
    {
        if (type is OrderType.Limit or OrderType.StopLimit && !(limit > 0))
            throw new QuarryException(ErrorCode.InvalidParameter, $"A {type} order needs a positive limit price (got {limit}).");
        if (type is OrderType.Stop or OrderType.StopLimit && !(stop > 0))
            throw new QuarryException(ErrorCode.InvalidParameter, $"A {type} order needs a positive stop price (got {stop}).");
        return _simulation.Submit(s, side, type, size, limit, stop, useSizer: false, fromSignal: false, reason: null);
    }
}
