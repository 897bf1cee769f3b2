using Quarry.Backtesting.Engine;
using Quarry.Backtesting.Orders;
using Quarry.Backtesting.Results;
using Quarry.Backtesting.Sizing;
using Quarry.Backtesting.Strategies;
using Quarry.Core;

namespace Quarry.Backtesting.Internal;

/// <summary>One event-driven backtest: the state and the bar loop behind <see cref="BacktestEngine"/>.</summary>
internal sealed partial class Simulation
{
    readonly Strategy _strategy;
    readonly BarSeries[] _data;
    readonly bool _exitsActive;
    readonly IBacktestObserver? _observer;
    readonly BacktestOptions _options;
    readonly Timeline _timeline;
    readonly Ledger _ledger;
    readonly double[] _marks;
    readonly int[] _cursor;
    readonly int[] _intent;
    readonly double[]?[] _stopAtr;
    readonly double[]?[] _sizerAtr;
    readonly List<WorkingOrder> _working = [];
    readonly List<OrderRecord> _orders = [];
    int _nextId = 1;

    public Simulation(Strategy strategy, IReadOnlyList<BarSeries> data, BacktestOptions options, IndicatorCache indicators,
        IBacktestObserver? observer = null)
    {
        _observer = observer;
        _strategy = strategy;
        _data = [.. data];
        _exitsActive = options.Exits.Any;
        _options = options;
        _timeline = new Timeline(data);
        _ledger = new Ledger([.. data.Select(d => d.Symbol)], options.InitialCash, keepTrades: true);
        _marks = new double[data.Count];
        _cursor = new int[data.Count];
        Array.Fill(_cursor, -1);
        _intent = new int[data.Count];
        _stopAtr = AtrColumns(ExitRules.On(options.Exits.AtrStopMultiple) ? options.Exits.AtrPeriod : 0, data, indicators);
        _sizerAtr = AtrColumns(options.Sizer.AtrPeriod, data, indicators);
        Context = new StrategyContext(this, data, options, indicators);
    }

    static double[]?[] AtrColumns(int period, IReadOnlyList<BarSeries> data, IndicatorCache indicators) =>
        period > 0 ? [.. data.Select(d => indicators.Atr(d, period))] : new double[]?[data.Count];

    public StrategyContext Context { get; }
    public int Step { get; private set; }
    public DateTime Now => _timeline.Time[Step];
    public Ledger Ledger => _ledger;
    public int BarIndex(int s) => _cursor[s];
    public bool HasBar(int s) => _timeline.BarAt(s, Step) >= 0;
    public double Equity => _ledger.Equity(_marks);

    public BacktestResult Run()
    {
        _strategy.Initialize(Context);
        int n = _timeline.Length, end = n;
        double[] equity = new double[n], cash = new double[n], exposure = new double[n];
        var time = _timeline.Time;
        for (int t = 0; t < n; t++)
        {
            Step = t;
            for (int s = 0; s < _data.Length; s++)
            {
                int i = _timeline.BarAt(s, t);
                if (i >= 0) _cursor[s] = i;
            }
            // Before any position is marked at this bar's close: the fills at the open must not see it.
            MatchWorkingOrders(t);
            for (int s = 0; s < _data.Length; s++)
            {
                int i = _timeline.BarAt(s, t);
                if (i < 0) continue;
                var series = _data[s];
                if (_exitsActive && _ledger.Position(s) != 0) ApplyExits(s, i);
                _ledger.Excursions(s, series.High[i], series.Low[i]);
                _marks[s] = series.Close[i];
            }
            _strategy.OnBar(Context);
            if (_options.Exits.TimeStopBars > 0) SubmitTimeStops();
            Mark(t, equity, cash, exposure);
            if (_observer is not null && (t == n - 1 || time[t + 1].Year != time[t].Year)
                && !_observer.OnYearEnd(time.AsSpan(0, t + 1), equity.AsSpan(0, t + 1)) && t < n - 1)
            {
                end = t + 1;
                break;
            }
        }
        if (end < n) (equity, cash, exposure) = (equity[..end], cash[..end], exposure[..end]);
        Finish(equity, cash, exposure);
        return BuildResult(equity, cash, exposure);
    }

    void Mark(int t, double[] equity, double[] cash, double[] exposure)
    {
        double value = _ledger.Equity(_marks), gross = 0;
        for (int s = 0; s < _marks.Length; s++) gross += Math.Abs(_ledger.Position(s) * _marks[s]);
        equity[t] = value;
        cash[t] = _ledger.Cash;
        exposure[t] = value > 0 ? gross / value : (gross > 0 ? double.PositiveInfinity : 0);
    }

    void Finish(double[] equity, double[] cash, double[] exposure)
    {
        foreach (var order in _working) Record(order, OrderStatus.Expired, null, double.NaN, 0, 0, "still working when the data ended");
        _working.Clear();
        if (!_options.CloseAtEnd || equity.Length == 0) return;
        for (int s = 0; s < _data.Length; s++)
        {
            double position = _ledger.Position(s);
            if (position == 0) continue;
            var order = NewOrder(s, position > 0 ? OrderSide.Sell : OrderSide.Buy, OrderType.Market, OrderSize.WholePosition, "end of data");
            Execute(order, s, _cursor[s], _marks[s], slippage: false);
        }
        Mark(equity.Length - 1, equity, cash, exposure);
    }

    BacktestResult BuildResult(double[] equity, double[] cash, double[] exposure)
    {
        var trades = new List<Trade>(_ledger.Closed);
        var positions = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int s = 0; s < _data.Length; s++)
        {
            positions[_data[s].Symbol] = _ledger.Position(s);
            if (_ledger.OpenTradeMarked(s, _cursor[s], _marks[s]) is { } open) trades.Add(open);
        }
        // Orders are recorded when they complete; ids follow submission, which is the documented order.
        _orders.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new BacktestResult(_strategy.Name, StrategyParameters.Values(_strategy), _options,
            [.. _data.Select(d => d.Symbol)], equity.Length == _timeline.Length ? _timeline.Time : _timeline.Time[..equity.Length], equity, cash, exposure, trades, _orders, positions,
            _ledger.TotalCommission, _ledger.TotalSlippage);
    }
}
