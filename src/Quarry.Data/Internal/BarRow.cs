namespace Quarry.Data.Internal;

/// <summary>One bar being read; Volume is 0 and AdjClose NaN when the file lacks the column.</summary>
internal struct BarRow
{
    public DateTime Time;
    public double Open, High, Low, Close, Volume, AdjClose;
}
