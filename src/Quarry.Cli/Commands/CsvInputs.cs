using System.CommandLine;
using Quarry.Core;
using Quarry.Data;

namespace Quarry.Cli.Commands;

/// <summary>Options describing how to read a CSV whose layout Quarry does not recognise on its own.</summary>
internal sealed class CsvInputs
{
    public Option<bool> Sort { get; } = new("--sort") { Description = "sort rows by time instead of rejecting an unsorted file" };
    public Option<string> Columns { get; } = new("--columns") { Description = "column names for other layouts, e.g. date=Datum,open=Erster,high=Hoch,low=Tief,close=Schluss,volume=Umsatz" };
    public Option<string> Delimiter { get; } = new("--delimiter") { Description = "field separator: one character, or 'tab'", DefaultValueFactory = _ => "," };
    public Option<string> DateFormat { get; } = new("--date-format") { Description = ".NET date format of the date column, e.g. dd.MM.yyyy" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Sort, Columns, Delimiter, DateFormat }) command.Options.Add(option);
    }

    public CsvOptions Options(ParseResult parse)
    {
        var delimiter = parse.GetValue(Delimiter) switch
        {
            "tab" or "\\t" => '\t',
            { Length: 1 } one => one[0],
            var other => throw new QuarryException(ErrorCode.InvalidParameter, $"Option '--delimiter {other}' is invalid: expected one character, e.g. ';', or 'tab'."),
        };
        var options = new CsvOptions { Sort = parse.GetValue(Sort), Delimiter = delimiter, DateFormat = parse.GetValue(DateFormat) };
        foreach (var pair in (parse.GetValue(Columns) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string field = eq > 0 ? pair[..eq].Trim().ToLowerInvariant() : "", name = eq > 0 ? pair[(eq + 1)..].Trim() : "";
            options = field switch
            {
                "date" => options with { DateColumn = name },
                "open" => options with { OpenColumn = name },
                "high" => options with { HighColumn = name },
                "low" => options with { LowColumn = name },
                "close" => options with { CloseColumn = name },
                "volume" => options with { VolumeColumn = name },
                "adjclose" or "adj_close" => options with { AdjCloseColumn = name },
                _ => throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Bad '--columns' entry '{pair}': expected field=Header with field one of date, open, high, low, close, volume, adjclose."),
            };
        }
        options.Validate();
        return options;
    }
}
