namespace Quarry.Data.Internal;

/// <summary>
/// Decides how rows become a strictly increasing series. Ascending rows stay as they are; rows that are entirely
/// descending (a known export format) are reversed; any other order is an error unless sorting was asked for.
/// Duplicate timestamps are always an error, naming both lines.
/// </summary>
internal static class TimeOrder
{
    /// <summary>
    /// Returns the permutation that puts the rows in ascending order, or null when they already are.
    /// Problems go to <paramref name="sink"/>; the permutation is meaningless when any was reported.
    /// </summary>
    /// <param name="time">Row timestamps in file order.</param>
    /// <param name="lines">Line (or row) number of each timestamp, for messages.</param>
    /// <param name="sort">Whether to sort rows in any order instead of rejecting them.</param>
    /// <param name="field">Name of the time column, for messages.</param>
    /// <param name="sortFix">Fix to suggest for rows out of order.</param>
    /// <param name="sink">Where problems go.</param>
    public static int[]? Resolve(ReadOnlySpan<DateTime> time, ReadOnlySpan<int> lines, bool sort, string field,
        string sortFix, IssueSink sink)
    {
        int firstUp = -1, firstDown = -1;
        for (int i = 1; i < time.Length && (firstUp < 0 || firstDown < 0); i++)
        {
            if (time[i] > time[i - 1] && firstUp < 0) firstUp = i;
            else if (time[i] < time[i - 1] && firstDown < 0) firstDown = i;
        }
        if (firstDown < 0) return ReportAdjacentDuplicates(time, lines, field, sink, null);
        if (firstUp < 0) return ReportAdjacentDuplicates(time, lines, field, sink, Reversed(time.Length));
        var order = SortedOrder(time);
        ReportSortedDuplicates(time, lines, order, field, sink);
        if (!sort) ReportDisorder(time, lines, Math.Max(firstUp, firstDown), firstUp < firstDown, field, sortFix, sink);
        return order;
    }

    static int[]? ReportAdjacentDuplicates(ReadOnlySpan<DateTime> time, ReadOnlySpan<int> lines, string field,
        IssueSink sink, int[]? order)
    {
        for (int i = 1; i < time.Length; i++)
            if (time[i] == time[i - 1]) ReportDuplicate(time[i], lines[i - 1], lines[i], field, sink);
        return order;
    }

    static void ReportSortedDuplicates(ReadOnlySpan<DateTime> time, ReadOnlySpan<int> lines, int[] order, string field,
        IssueSink sink)
    {
        for (int k = 1; k < order.Length; k++)
        {
            int a = order[k - 1], b = order[k];
            if (time[a] == time[b]) ReportDuplicate(time[a], Math.Min(lines[a], lines[b]), Math.Max(lines[a], lines[b]), field, sink);
        }
    }

    static void ReportDuplicate(DateTime t, int firstLine, int secondLine, string field, IssueSink sink) =>
        sink.Report(secondLine, field, $"timestamp {TimeText.Format(t)} already appears on line {firstLine}",
            "delete one of the two rows");

    // The row at 'at' breaks the direction the file started with.
    static void ReportDisorder(ReadOnlySpan<DateTime> time, ReadOnlySpan<int> lines, int at, bool startedUp,
        string field, string fix, IssueSink sink)
    {
        var relation = startedUp ? "earlier" : "later";
        var direction = startedUp ? "ascending" : "descending";
        sink.Report(lines[at], field,
            $"timestamp {TimeText.Format(time[at])} is {relation} than {TimeText.Format(time[at - 1])} on line {lines[at - 1]}, " +
            $"but the rows before are {direction}; rows must be in ascending (or entirely descending) time order", fix);
    }

    static int[] SortedOrder(ReadOnlySpan<DateTime> time)
    {
        var order = new int[time.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = time.ToArray();
        Array.Sort(keys, order);
        return order;
    }

    static int[] Reversed(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = n - 1 - i;
        return order;
    }
}
