// An example of a user strategy compiled by `quarry` at run time:
//   ./quarry backtest --data samples/data/orcl-1995-2014.txt --strategy samples/strategies/InsideBar.cs -p hold=5
// Buys the breakout of an inside bar (a bar whose range lies within the previous bar's range) with a stop
// order above its high, and exits after `hold` bars. The usual namespaces (Quarry.Core, Quarry.Backtesting.*)
// are imported automatically.

public sealed class InsideBar : Strategy
{
    int _entryBar = -1;

    public override string Name => "inside-bar";

    [Parameter(1, 20, Description = "bars to hold after the entry")]
    public int Hold { get; set; } = 5;

    [Parameter(0, 0.02, Step = 0.001, Description = "breakout buffer above the inside bar's high (fraction)")]
    public double Buffer { get; set; } = 0.001;

    public override void OnBar(StrategyContext context)
    {
        int i = context.BarIndex(0);
        if (i < 1) return;
        var bars = context.Data[0];
        if (context.Position(0) > 0)
        {
            if (_entryBar < 0) _entryBar = i;
            if (i - _entryBar >= Hold) { context.ClosePosition(0); _entryBar = -1; }
            return;
        }
        context.CancelAll(0);
        bool inside = bars.High[i] <= bars.High[i - 1] && bars.Low[i] >= bars.Low[i - 1];
        if (inside)
            context.Buy(0, OrderSize.PercentOfEquity(0.95), OrderType.Stop, stopPrice: bars.High[i] * (1 + Buffer));
    }
}
