namespace Quarry.Data.Internal;

/// <summary>Where each bar field sits in a file's columns, and its name as written there (for messages).</summary>
internal sealed class BarLayout
{
    public const int Time = 0, Open = 1, High = 2, Low = 3, Close = 4, Volume = 5, AdjClose = 6;

    BarLayout(int[] index, string[] names)
    {
        Index = index;
        Names = names;
    }

    /// <summary>Column index per field (Time..AdjClose); -1 for an absent optional column.</summary>
    public int[] Index { get; }

    /// <summary>Column name per field as written in the file.</summary>
    public string[] Names { get; }

    public bool HasVolume => Index[Volume] >= 0;

    public bool HasAdjClose => Index[AdjClose] >= 0;

    /// <summary>Resolves the layout from header names, or reports the missing columns and returns null.</summary>
    public static BarLayout? Resolve(IReadOnlyList<string> header, CsvOptions options, string headerText, int line,
        IssueSink sink, string fix)
    {
        ColumnSpec[] specs =
        [
            new("date", ColumnAliases.Time, options.DateColumn, true),
            new("open", ColumnAliases.Open, options.OpenColumn, true),
            new("high", ColumnAliases.High, options.HighColumn, true),
            new("low", ColumnAliases.Low, options.LowColumn, true),
            new("close", ColumnAliases.Close, options.CloseColumn, true),
            new("volume", ColumnAliases.Volume, options.VolumeColumn, false),
            new("adj close", ColumnAliases.AdjClose, options.AdjCloseColumn, false),
        ];
        var index = ColumnResolver.Resolve(header, specs, headerText, line, sink, fix);
        if (index is null) return null;
        var names = new string[specs.Length];
        for (int i = 0; i < specs.Length; i++) names[i] = ColumnResolver.DisplayName(header, index[i], specs[i].Label);
        return new BarLayout(index, names);
    }
}
