namespace Quarry.Backtesting.Internal;

/// <summary>Running state of the trade currently open on one symbol.</summary>
internal struct OpenTrade
{
    public int Direction;          // +1 long, -1 short, 0 none
    public DateTime EntryTime;
    public int EntryBar;           // index in the symbol's series of the entry fill
    public int SignalBar;          // index of the bar whose close produced the entry
    public double MaxSize;
    public double EntryQuantity;   // total shares bought (long) / sold (short) to build the position
    public double EntryValue;
    public double ExitQuantity;
    public double ExitValue;
    public double Realized;        // gross P&L realised by partial exits
    public double Commission;
    public double Mae, Mfe;
    public double Peak;            // best price since entry, for the trailing stop
    public double EntryAtr;
}
