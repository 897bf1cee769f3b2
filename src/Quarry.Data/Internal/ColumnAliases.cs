namespace Quarry.Data.Internal;

/// <summary>Header names recognised without configuration (compared case-insensitively).</summary>
internal static class ColumnAliases
{
    // "" last: pandas writes the index column with an empty name (",Open,High,...").
    public static readonly string[] Time = ["date", "datetime", "date_time", "timestamp", "time", ""];
    public static readonly string[] Open = ["open"];
    public static readonly string[] High = ["high"];
    public static readonly string[] Low = ["low"];
    public static readonly string[] Close = ["close"];
    public static readonly string[] Volume = ["volume", "vol"];
    public static readonly string[] AdjClose = ["adj close", "adj_close", "adjclose", "adjusted close", "adjusted_close"];
    public static readonly string[] Return = ["return", "returns", "ret", "value"];
}
