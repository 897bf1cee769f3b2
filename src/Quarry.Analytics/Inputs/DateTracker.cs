namespace Quarry.Analytics.Inputs;

/// <summary>Counts dates in increasing order and remembers the first and last.</summary>
internal sealed class DateTracker
{
    int _count;
    DateTime _first, _last;

    public void Add(DateTime date)
    {
        if (_count++ == 0) _first = date;
        _last = date;
    }

    public DroppedDates Result => _count == 0 ? DroppedDates.None : new DroppedDates(_count, _first, _last);
}
