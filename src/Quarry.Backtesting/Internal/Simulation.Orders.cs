using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;

namespace Quarry.Backtesting.Internal;

/// <summary>Order submission, matching, protective exits and execution.</summary>
internal sealed partial class Simulation
{
    public int Submit(int s, OrderSide side, OrderType type, OrderSize size, double limit, double stop, bool useSizer,
        bool fromSignal, string? reason)
    {
        var order = NewOrder(s, side, type, size, reason);
        order.Limit = limit;
        order.Stop = stop;
        order.UseSizer = useSizer;
        order.FromSignal = fromSignal;
        if (type == OrderType.Market && _options.Fill == FillTiming.Close && HasBar(s))
            Execute(order, s, _cursor[s], _data[s].Close[_cursor[s]], slippage: true);
        else
            _working.Add(order);
        return order.Id;
    }

    public bool HasWorkingOrders(int s, bool signalOnly)
    {
        foreach (var order in _working)
            if (order.Symbol == s && (!signalOnly || order.FromSignal)) return true;
        return false;
    }

    public bool Cancel(int id)
    {
        int k = _working.FindIndex(o => o.Id == id);
        if (k < 0) return false;
        Record(_working[k], OrderStatus.Cancelled, null, double.NaN, 0, 0, "cancelled");
        _working.RemoveAt(k);
        return true;
    }

    public void CancelWhere(int s, bool signalOnly)
    {
        for (int k = _working.Count - 1; k >= 0; k--)
            if (_working[k].Symbol == s && (!signalOnly || _working[k].FromSignal)) Cancel(_working[k].Id);
    }

    /// <summary>Moves symbol <paramref name="s"/> to a long (+1), flat (0) or short (−1) position, sized by the sizer.</summary>
    public void Go(int s, int target)
    {
        if (target < 0 && !_options.AllowShort) target = 0;
        bool pending = HasWorkingOrders(s, signalOnly: true);
        if (pending && _intent[s] == target) return;
        int current = Math.Sign(_ledger.Position(s));
        _intent[s] = target;
        if (!pending && current == target) return;
        CancelWhere(s, signalOnly: true);
        if (current != 0 && current != target)
            Submit(s, current > 0 ? OrderSide.Sell : OrderSide.Buy, OrderType.Market, OrderSize.WholePosition,
                double.NaN, double.NaN, useSizer: false, fromSignal: true, reason: "signal exit");
        if (target != 0 && current != target)
            Submit(s, target > 0 ? OrderSide.Buy : OrderSide.Sell, OrderType.Market, default,
                double.NaN, double.NaN, useSizer: true, fromSignal: true, reason: "signal entry");
    }

    WorkingOrder NewOrder(int s, OrderSide side, OrderType type, OrderSize size, string? reason) => new()
    {
        Id = _nextId++, Symbol = s, Side = side, Type = type, Size = size, Submitted = Now,
        SignalBar = _cursor[s], Reason = reason,
    };

    /// <summary>
    /// Matches every working order whose symbol has a bar at step <paramref name="t"/>, in submission order across
    /// symbols (so that a sale submitted first funds a later buy of another symbol).
    /// </summary>
    void MatchWorkingOrders(int t)
    {
        for (int k = 0; k < _working.Count;)
        {
            var order = _working[k];
            int s = order.Symbol, i = _timeline.BarAt(s, t);
            var series = _data[s];
            double raw = i >= 0 ? MatchRules.Price(order, series.Open[i], series.High[i], series.Low[i]) : double.NaN;
            if (double.IsNaN(raw)) { k++; continue; }
            _working.RemoveAt(k);
            Execute(order, s, i, raw, MatchRules.PaysSlippage(order));
        }
    }

    void ApplyExits(int s, int i)
    {
        var exits = _options.Exits;
        var series = _data[s];
        ref var trade = ref _ledger.Open(s);
        int dir = trade.Direction;
        double entry = _ledger.AverageCost(s), stop = double.NaN;
        string? rule = null;
        if (ExitRules.On(exits.StopLoss)) Tighten(entry * (1 - dir * exits.StopLoss), "stop-loss");
        if (ExitRules.On(exits.TrailingStop)) Tighten(trade.Peak * (1 - dir * exits.TrailingStop), "trailing-stop");
        if (ExitRules.On(exits.AtrStopMultiple) && trade.EntryAtr > 0) Tighten(entry - dir * exits.AtrStopMultiple * trade.EntryAtr, "atr-stop");
        double open = series.Open[i], high = series.High[i], low = series.Low[i];
        if (rule is not null)
        {
            double raw = dir > 0 ? (open <= stop ? open : low <= stop ? stop : double.NaN)
                                 : (open >= stop ? open : high >= stop ? stop : double.NaN);
            if (!double.IsNaN(raw)) { ExitNow(s, i, dir, OrderType.Stop, stop, raw, slippage: true, rule); return; }
        }
        if (!ExitRules.On(exits.TakeProfit)) return;
        double target = entry * (1 + dir * exits.TakeProfit);
        double fill = dir > 0 ? (open >= target ? open : high >= target ? target : double.NaN)
                              : (open <= target ? open : low <= target ? target : double.NaN);
        if (!double.IsNaN(fill)) ExitNow(s, i, dir, OrderType.Limit, target, fill, slippage: false, "take-profit");

        void Tighten(double level, string name)
        {
            if (rule is null || (dir > 0 ? level > stop : level < stop)) { stop = level; rule = name; }
        }
    }

    void ExitNow(int s, int i, int dir, OrderType type, double level, double raw, bool slippage, string rule)
    {
        var order = NewOrder(s, dir > 0 ? OrderSide.Sell : OrderSide.Buy, type, OrderSize.WholePosition, rule);
        if (type == OrderType.Stop) order.Stop = level; else order.Limit = level;
        Execute(order, s, i, raw, slippage);
        CancelWhere(s, signalOnly: true);
    }

    void SubmitTimeStops()
    {
        for (int s = 0; s < _data.Length; s++)
        {
            if (!_ledger.HasOpenTrade(s) || !HasBar(s)) continue;
            // Bars the trade will have been held when this exit fills: at the next bar's open, or at this close.
            int held = _cursor[s] - _ledger.Open(s).EntryBar + (_options.Fill == FillTiming.NextOpen ? 1 : 0);
            if (held < _options.Exits.TimeStopBars || HasWorkingOrders(s, signalOnly: false)) continue;
            Submit(s, _ledger.Position(s) > 0 ? OrderSide.Sell : OrderSide.Buy, OrderType.Market, OrderSize.WholePosition,
                double.NaN, double.NaN, useSizer: false, fromSignal: true, reason: "time-stop");
        }
    }

    void Execute(WorkingOrder order, int s, int i, double raw, bool slippage)
    {
        var series = _data[s];
        int signalBar = Math.Max(order.SignalBar, 0);
        double sizerAtr = At(_sizerAtr[s], order.SignalBar), stopAtr = At(_stopAtr[s], order.SignalBar);
        var size = order.UseSizer
            ? _options.Sizer.Size(Execution.Sizing(_ledger, series, signalBar, raw, order.Buy, _ledger.Equity(_marks), sizerAtr, _options))
            : order.Size;
        order.Size = size; // the log shows what the sizer asked for, not the placeholder the signal was submitted with
        var fill = Execution.Fill(_ledger, _marks, _options, s, series, i, size, order.Buy, raw, slippage, order.SignalBar, stopAtr);
        if (fill.Problem is not null) Record(order, OrderStatus.Rejected, null, double.NaN, 0, 0, fill.Problem);
        else Record(order, OrderStatus.Filled, series.Time[i], fill.Price, fill.Quantity, fill.Commission, order.Reason, fill.Slippage);
    }

    static double At(double[]? column, int bar) => column is not null && bar >= 0 ? column[bar] : double.NaN;

    void Record(WorkingOrder o, OrderStatus status, DateTime? time, double price, double quantity, double commission, string? reason,
        double slippage = 0) =>
        _orders.Add(new OrderRecord(o.Id, _data[o.Symbol].Symbol, o.Side, o.Type, o.Size, o.Limit, o.Stop, o.Submitted, status,
            time, price, quantity, commission, reason, slippage));
}
