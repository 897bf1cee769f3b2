using System.CommandLine;
using System.Globalization;
using Quarry.Backtesting.Results;
using Quarry.Cli.Commands;
using Quarry.Tracking;

namespace Quarry.Cli.Tracking;

/// <summary>The backtest options and descriptive tags recorded with a tracked run.</summary>
internal static class TrackedParams
{
    public static IReadOnlyList<Param> Options(ParseResult parse, BacktestInputs inputs)
    {
        var list = new List<Param>
        {
            new("strategy", parse.GetValue(inputs.Strategy) ?? ""),
            new("data", string.Join(";", parse.GetValue(inputs.Data) ?? [])),
            new("cash", Num(parse.GetValue(inputs.Cash))),
            new("commission_pct", Num(parse.GetValue(inputs.CommissionPct))),
            new("commission_per_share", Num(parse.GetValue(inputs.CommissionPerShare))),
            new("commission_min", Num(parse.GetValue(inputs.CommissionMin))),
            new("commission_fixed", Num(parse.GetValue(inputs.CommissionFixed))),
            new("slippage_bps", Num(parse.GetValue(inputs.SlippageBps))),
            new("spread_bps", Num(parse.GetValue(inputs.SpreadBps))),
            new("fill", parse.GetValue(inputs.Fill) ?? ""),
            new("sizing", parse.GetValue(inputs.Sizing) ?? ""),
            new("allow_short", Bool(parse.GetValue(inputs.AllowShort))),
            new("fractional", Bool(parse.GetValue(inputs.Fractional))),
            new("close_at_end", Bool(parse.GetValue(inputs.CloseAtEnd))),
            new("adjust", Bool(parse.GetValue(inputs.Adjust))),
        };
        if (parse.GetValue(inputs.Start) is { } start) list.Add(new("start", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (parse.GetValue(inputs.End) is { } end) list.Add(new("end", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        AddFinite(list, "stop_loss", parse.GetValue(inputs.StopLoss));
        AddFinite(list, "trailing_stop", parse.GetValue(inputs.TrailingStop));
        AddFinite(list, "take_profit", parse.GetValue(inputs.TakeProfit));
        AddFinite(list, "atr_stop", parse.GetValue(inputs.AtrStop));
        if (parse.GetValue(inputs.TimeStop) is > 0 and var bars) list.Add(new("time_stop", bars.ToString(CultureInfo.InvariantCulture)));
        return list;
    }

    public static IReadOnlyList<RunTag> Tags(ParseResult parse, BacktestInputs inputs, BacktestResult result) =>
    [
        new("symbols", string.Join(",", result.Symbols)),
        new("strategy", result.Strategy),
        new("data", string.Join(",", (parse.GetValue(inputs.Data) ?? []).Select(Path.GetFileName))),
        new("quarry.source", "cli"),
    ];

    static void AddFinite(List<Param> list, string key, double value)
    {
        if (double.IsFinite(value)) list.Add(new(key, Num(value)));
    }

    static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    static string Bool(bool value) => value ? "true" : "false";
}
