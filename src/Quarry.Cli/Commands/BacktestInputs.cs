using System.CommandLine;
using System.Globalization;
using Quarry.Backtesting.Costs;
using Quarry.Backtesting.Engine;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Cli.Commands;

/// <summary>The options shared by `backtest`, `sweep` and `demo`: data, strategy, costs, fills, sizing, exits.</summary>
internal sealed class BacktestInputs
{
    public Option<string[]> Data { get; } = new("--data", "-d") { Description = "OHLCV file (CSV or Parquet); repeat for several symbols sharing one cash account", Required = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
    public Option<string> Strategy { get; } = new("--strategy", "-s") { Description = "built-in name (see `quarry strategies`), a .cs file or a .dll", Required = true };
    public Option<string[]> Params { get; } = new("--param", "-p") { Description = "strategy parameter name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
    public Option<DateTime?> Start { get; } = new("--start") { Description = "first date to use (yyyy-MM-dd)" };
    public Option<DateTime?> End { get; } = new("--end") { Description = "last date to use (yyyy-MM-dd)" };
    public Option<double> Cash { get; } = new("--cash") { Description = "starting cash", DefaultValueFactory = _ => 100_000 };
    public Option<double> CommissionPct { get; } = new("--commission-pct") { Description = "commission as a fraction of traded value (0.001 = 0.1 %)" };
    public Option<double> CommissionPerShare { get; } = new("--commission-per-share") { Description = "commission per share" };
    public Option<double> CommissionMin { get; } = new("--commission-min") { Description = "minimum per-share commission per fill" };
    public Option<double> CommissionFixed { get; } = new("--commission-fixed") { Description = "fixed commission per fill" };
    public Option<double> SlippageBps { get; } = new("--slippage-bps") { Description = "adverse slippage on market/stop fills, basis points" };
    public Option<double> SpreadBps { get; } = new("--spread-bps") { Description = "bid-ask spread in basis points (half is paid per fill)" };
    public Option<string> Fill { get; } = new("--fill") { Description = "when market orders fill: next-open (default) or close", DefaultValueFactory = _ => "next-open" };
    public Option<string> Sizing { get; } = new("--sizing") { Description = SizingSpec.Help, DefaultValueFactory = _ => "all-in" };
    public Option<bool> AllowShort { get; } = new("--allow-short") { Description = "let sell signals open short positions" };
    public Option<bool> Fractional { get; } = new("--fractional") { Description = "trade fractional shares" };
    public Option<double> StopLoss { get; } = new("--stop-loss") { Description = "hard stop, fraction of entry (0.05 = 5 %)", DefaultValueFactory = _ => double.NaN };
    public Option<double> TrailingStop { get; } = new("--trailing-stop") { Description = "trailing stop, fraction from the best price since entry", DefaultValueFactory = _ => double.NaN };
    public Option<double> TakeProfit { get; } = new("--take-profit") { Description = "profit target, fraction of entry", DefaultValueFactory = _ => double.NaN };
    public Option<int> TimeStop { get; } = new("--time-stop") { Description = "exit after this many bars" };
    public Option<double> AtrStop { get; } = new("--atr-stop") { Description = "stop this many ATRs from entry", DefaultValueFactory = _ => double.NaN };
    public Option<int> AtrPeriod { get; } = new("--atr-period") { Description = "ATR period for --atr-stop", DefaultValueFactory = _ => 14 };
    public Option<bool> CloseAtEnd { get; } = new("--close-at-end") { Description = "close open positions at the last close (default: mark to market)" };
    public Option<bool> Adjust { get; } = new("--adjust") { Description = "scale OHLC by Adj Close / Close (default: raw prices)" };
    public CsvInputs Csv { get; } = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
        {
            Data, Strategy, Params, Start, End, Cash, CommissionPct, CommissionPerShare, CommissionMin, CommissionFixed,
            SlippageBps, SpreadBps, Fill, Sizing, AllowShort, Fractional, StopLoss, TrailingStop, TakeProfit, TimeStop,
            AtrStop, AtrPeriod, CloseAtEnd, Adjust,
        })
            command.Options.Add(option);
        Csv.AddTo(command);
    }

    /// <summary>Loads the data files, applying --sort, --adjust and --start/--end.</summary>
    public IReadOnlyList<BarSeries> LoadData(ParseResult parse)
    {
        var csv = Csv.Options(parse);
        var data = new List<BarSeries>();
        foreach (var path in parse.GetValue(Data) ?? [])
        {
            var series = MarketData.Load(path, csv);
            if (parse.GetValue(Adjust)) series = series.Adjusted();
            series = series.Slice(parse.GetValue(Start), parse.GetValue(End));
            if (series.Count == 0)
                throw new QuarryException(ErrorCode.InvalidParameter, $"{path}: no bars between --start and --end (the file covers its own range; check the dates).");
            data.Add(series);
        }
        return data;
    }

    /// <summary>The -p values as name/value pairs; throws on a malformed one.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ParameterValues(ParseResult parse) =>
        [.. (parse.GetValue(Params) ?? []).Select(p =>
        {
            int eq = p.IndexOf('=', StringComparison.Ordinal);
            return eq > 0 ? new KeyValuePair<string, string>(p[..eq].Trim(), p[(eq + 1)..].Trim())
                : throw new QuarryException(ErrorCode.InvalidParameter, $"Bad parameter '-p {p}': expected name=value, e.g. -p fast=10.");
        })];

    public BacktestOptions Options(ParseResult parse)
    {
        var options = new BacktestOptions
        {
            InitialCash = parse.GetValue(Cash),
            Commission = Commission(parse),
            SlippageBps = parse.GetValue(SlippageBps),
            SpreadBps = parse.GetValue(SpreadBps),
            Fill = parse.GetValue(Fill) switch
            {
                "next-open" => FillTiming.NextOpen,
                "close" => FillTiming.Close,
                var other => throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--fill {other}' is invalid: expected next-open or close."),
            },
            Sizer = SizingSpec.Parse(parse.GetValue(Sizing) ?? "all-in"),
            AllowShort = parse.GetValue(AllowShort),
            FractionalShares = parse.GetValue(Fractional),
            CloseAtEnd = parse.GetValue(CloseAtEnd),
            Exits = new ExitRules
            {
                StopLoss = parse.GetValue(StopLoss), TrailingStop = parse.GetValue(TrailingStop), TakeProfit = parse.GetValue(TakeProfit),
                TimeStopBars = parse.GetValue(TimeStop), AtrStopMultiple = parse.GetValue(AtrStop), AtrPeriod = parse.GetValue(AtrPeriod),
            },
        };
        options.Validate();
        return options;
    }

    ICommissionModel Commission(ParseResult parse)
    {
        double pct = parse.GetValue(CommissionPct), perShare = parse.GetValue(CommissionPerShare),
            min = parse.GetValue(CommissionMin), fixedFee = parse.GetValue(CommissionFixed);
        Check("--commission-pct", pct, 1);
        Check("--commission-per-share", perShare, double.MaxValue);
        Check("--commission-min", min, double.MaxValue);
        Check("--commission-fixed", fixedFee, double.MaxValue);
        var parts = new List<ICommissionModel>();
        if (pct > 0) parts.Add(new PercentOfValueCommission(pct));
        if (perShare > 0 || min > 0) parts.Add(new PerShareCommission(perShare, min));
        if (fixedFee > 0) parts.Add(new FixedCommission(fixedFee));
        return parts.Count switch { 0 => ZeroCommission.Instance, 1 => parts[0], _ => new CompositeCommission([.. parts]) };
    }

    static void Check(string name, double value, double max)
    {
        if (!(value >= 0) || value >= max)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Option '{name} {value.ToString(CultureInfo.InvariantCulture)}' is invalid: expected a value ≥ 0{(max == 1 ? " and < 1 (a fraction: 0.001 = 0.1 %)" : "")}.");
    }
}
