using Quarry.Backtesting.Results;

namespace Quarry.Backtesting.Internal;

/// <summary>
/// Cash, positions and round-trip accounting, shared by the event-driven engine and the vectorised signal path
/// so that both book every fill identically. Average-cost basis; commissions are split pro rata when a fill
/// both closes a trade and opens the opposite one.
/// </summary>
internal sealed class Ledger
{
    readonly string[] _symbols;
    readonly double[] _position;
    readonly double[] _averageCost;
    readonly OpenTrade[] _open;
    readonly List<Trade>? _closed;

    public Ledger(string[] symbols, double cash, bool keepTrades)
    {
        _symbols = symbols;
        _position = new double[symbols.Length];
        _averageCost = new double[symbols.Length];
        _open = new OpenTrade[symbols.Length];
        _closed = keepTrades ? [] : null;
        Cash = cash;
    }

    public double Cash { get; private set; }
    public double TotalCommission { get; private set; }
    public double TotalSlippage { get; private set; }
    public int ClosedTrades { get; private set; }
    public int Wins { get; private set; }
    public double SumWins { get; private set; }
    public double SumLosses { get; private set; }
    public double SumBarsHeld { get; private set; }
    public IReadOnlyList<Trade> Closed => _closed ?? (IReadOnlyList<Trade>)[];

    public bool HasOpenTrade(int s) => _open[s].Direction != 0;

    public Results.TradeStats Stats(int openTrades) =>
        new(ClosedTrades + openTrades, ClosedTrades, Wins, SumWins, SumLosses, SumBarsHeld);

    public double Position(int s) => _position[s];
    public double AverageCost(int s) => _averageCost[s];
    public ref OpenTrade Open(int s) => ref _open[s];

    public double Equity(ReadOnlySpan<double> marks)
    {
        double equity = Cash;
        for (int s = 0; s < _position.Length; s++)
            if (_position[s] != 0) equity += _position[s] * marks[s];
        return equity;
    }

    /// <summary>Books a fill of <paramref name="quantity"/> shares (negative = sell) at <paramref name="price"/>.</summary>
    public void Fill(int s, DateTime time, int bar, int signalBar, double quantity, double price, double commission,
        double slippage, double entryAtr)
    {
        Cash -= quantity * price + commission;
        TotalCommission += commission;
        TotalSlippage += slippage;
        double position = _position[s], size = Math.Abs(quantity);
        if (position == 0)
        {
            Start(s, time, bar, signalBar, quantity, price, commission, entryAtr);
            return;
        }
        ref var trade = ref _open[s];
        if (Math.Sign(quantity) == Math.Sign(position))
        {
            double held = Math.Abs(position);
            _averageCost[s] = (_averageCost[s] * held + price * size) / (held + size);
            _position[s] = position + quantity;
            trade.EntryQuantity += size;
            trade.EntryValue += size * price;
            trade.Commission += commission;
            trade.MaxSize = Math.Max(trade.MaxSize, Math.Abs(_position[s]));
            return;
        }
        // The exit price is part of the trade's path (a stop-out must not report a milder MAE than its own loss).
        double move = trade.Direction * (price - _averageCost[s]) / _averageCost[s];
        trade.Mae = Math.Min(trade.Mae, move);
        trade.Mfe = Math.Max(trade.Mfe, move);
        double closing = Math.Min(size, Math.Abs(position)), share = closing / size;
        trade.Realized += closing * (price - _averageCost[s]) * trade.Direction;
        trade.ExitQuantity += closing;
        trade.ExitValue += closing * price;
        trade.Commission += commission * share;
        if (closing < Math.Abs(position))
        {
            _position[s] = position + quantity;
            return;
        }
        _position[s] = 0;
        Finish(s, time, bar);
        double remainder = size - closing;
        if (remainder > 0)
            Start(s, time, bar, signalBar, Math.Sign(quantity) * remainder, price, commission * (1 - share), entryAtr);
    }

    /// <summary>Updates the open trade's excursions and trailing peak with one bar's range.</summary>
    public void Excursions(int s, double high, double low)
    {
        ref var trade = ref _open[s];
        if (trade.Direction == 0) return;
        double cost = _averageCost[s];
        if (trade.Direction > 0)
        {
            trade.Mae = Math.Min(trade.Mae, (low - cost) / cost);
            trade.Mfe = Math.Max(trade.Mfe, (high - cost) / cost);
            trade.Peak = Math.Max(trade.Peak, high);
        }
        else
        {
            trade.Mae = Math.Min(trade.Mae, (cost - high) / cost);
            trade.Mfe = Math.Max(trade.Mfe, (cost - low) / cost);
            trade.Peak = Math.Min(trade.Peak, low);
        }
    }

    /// <summary>The trade still open on <paramref name="s"/>, marked to <paramref name="lastClose"/>; null when flat.</summary>
    public Trade? OpenTradeMarked(int s, int lastBar, double lastClose)
    {
        ref var t = ref _open[s];
        if (t.Direction == 0) return null;
        double gross = t.Realized + _position[s] * (lastClose - _averageCost[s]);
        return Build(s, ref t, null, null, gross, lastBar);
    }

    void Start(int s, DateTime time, int bar, int signalBar, double quantity, double price, double commission, double entryAtr)
    {
        double size = Math.Abs(quantity);
        _position[s] = quantity;
        _averageCost[s] = price;
        _open[s] = new OpenTrade
        {
            Direction = Math.Sign(quantity), EntryTime = time, EntryBar = bar, SignalBar = signalBar, MaxSize = size,
            EntryQuantity = size, EntryValue = size * price, Commission = commission, Peak = price, EntryAtr = entryAtr,
        };
    }

    void Finish(int s, DateTime time, int bar)
    {
        ref var t = ref _open[s];
        // The statistics need no Trade object: the sweep's summary path keeps none and must not allocate per trade.
        double net = t.Realized - t.Commission;
        ClosedTrades++;
        SumBarsHeld += bar - t.EntryBar;
        if (net > 0) { Wins++; SumWins += net; }
        else SumLosses += -net;
        _closed?.Add(Build(s, ref t, time, t.ExitValue / t.ExitQuantity, t.Realized, bar));
        t = default;
    }

    Trade Build(int s, ref OpenTrade t, DateTime? exitTime, double? exitPrice, double gross, int bar)
    {
        double entryPrice = t.EntryValue / t.EntryQuantity, net = gross - t.Commission;
        return new Trade(_symbols[s], t.Direction > 0 ? TradeDirection.Long : TradeDirection.Short, t.EntryTime, entryPrice,
            exitTime, exitPrice, t.MaxSize, gross, t.Commission, net, net / (entryPrice * t.MaxSize), bar - t.EntryBar, t.Mae, t.Mfe);
    }
}
