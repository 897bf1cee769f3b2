using System.Globalization;
using System.Text.Json;
using Quarry.Backtesting.Strategies;
using Quarry.Core;

namespace Quarry.Server.Jobs;

/// <summary>
/// Reads and validates a launch request's JSON: <c>strategy</c> (built-in only: the server never compiles code it is
/// sent), <c>params</c> (each declared by the strategy, each value of its type), <c>symbol</c> (or <c>data</c>; listed in
/// the data folder), <c>start</c>/<c>end</c> (yyyy-MM-dd), <c>commission</c> (fraction), <c>slippage</c> (bps),
/// <c>capital</c>, <c>size</c> (fraction of equity) and <c>experiment</c>. The first bad field throws a
/// <see cref="BacktestRequestException"/> naming it and the fix. Thread-safe.
/// </summary>
internal sealed class BacktestRequestParser(StrategyCatalog catalog, MarketDataFolder data)
{
    /// <summary>The experiment runs go to when the request names none: <c>Dashboard.Backtests.&lt;strategy&gt;</c>.</summary>
    public static string DefaultExperiment(string strategy) => "Dashboard.Backtests." + strategy;

    public BacktestRequest Parse(JsonElement body)
    {
        string strategy = RequiredString(body, "strategy", "a built-in strategy, e.g. \"sma-cross\"");
        var type = catalog.BuiltIns.FirstOrDefault(b => b.Name == strategy).Type
            ?? throw new BacktestRequestException("strategy",
                $"Unknown strategy '{strategy}' (fix: one of {string.Join(", ", catalog.BuiltIns.Select(b => b.Name))}).");
        string symbol = OptionalString(body, "symbol") ?? OptionalString(body, "data")
            ?? throw new BacktestRequestException("symbol", $"Field 'symbol' is required (fix: one of {Symbols()}).");
        string path = data.Find(symbol) ?? throw new BacktestRequestException("symbol",
            $"Unknown symbol '{symbol}': the server offers only the files of its data folder (fix: one of {Symbols()}).");
        var start = Date(body, "start");
        var end = Date(body, "end");
        if (start > end)
            throw new BacktestRequestException("end", $"'end' {end:yyyy-MM-dd} is before 'start' {start:yyyy-MM-dd} (fix: swap them).");
        string? experiment = OptionalString(body, "experiment")?.Trim();
        if (experiment is { Length: > 200 })
            throw new BacktestRequestException("experiment", "Field 'experiment' is over 200 characters (fix: a shorter name).");
        return new BacktestRequest(strategy, Parameters(body, strategy, type), symbol, path)
        {
            Start = start,
            End = end,
            Commission = Number(body, "commission", 0, min: 0, max: 1, maxInclusive: false, "a fraction of traded value in [0, 1), e.g. 0.001 for 0.1 %"),
            SlippageBps = Number(body, "slippage", 0, min: 0, max: 10_000, maxInclusive: false, "basis points in [0, 10000), e.g. 5"),
            Capital = Number(body, "capital", 100_000, min: 0, max: 1e15, maxInclusive: true, "a positive amount, e.g. 100000", minExclusive: true),
            Size = Number(body, "size", 1, min: 0, max: 1, maxInclusive: true, "a fraction of equity in (0, 1], e.g. 0.5; 1 = all in", minExclusive: true),
            Experiment = string.IsNullOrEmpty(experiment) ? DefaultExperiment(strategy) : experiment,
        };
    }

    string Symbols()
    {
        var list = data.List();
        return list.Count == 0 ? "none: start the server with --data DIR" : string.Join(", ", list.Select(s => s.Symbol));
    }

    static List<KeyValuePair<string, string>> Parameters(JsonElement body, string strategy, Type type)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (!body.TryGetProperty("params", out var values) || values.ValueKind == JsonValueKind.Null) return list;
        if (values.ValueKind != JsonValueKind.Object)
            throw new BacktestRequestException("params", $"Field 'params' must be an object of name → value, not {values.ValueKind} (fix: {{\"fast\": 10}}).");
        var binder = new ParameterBinder(type);
        foreach (var p in values.EnumerateObject())
        {
            if (!binder.Names.Contains(p.Name))
                throw new BacktestRequestException("params." + p.Name,
                    $"Parameter '{p.Name}' is not declared by {strategy} (declared: {string.Join(", ", binder.Names)}).");
            string text = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!.Trim(),
                JsonValueKind.Number => p.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new BacktestRequestException("params." + p.Name, $"Parameter '{p.Name}' must be a string, number or boolean, not {p.Value.ValueKind}."),
            };
            try { binder.Parse(p.Name, text); }
            catch (QuarryException e) { throw new BacktestRequestException("params." + p.Name, e.Message); }
            list.Add(new(p.Name, text));
        }
        return list;
    }

    static string RequiredString(JsonElement body, string name, string example) =>
        OptionalString(body, name) is { Length: > 0 } value ? value
            : throw new BacktestRequestException(name, $"Field '{name}' is required (fix: {example}).");

    static string? OptionalString(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw new BacktestRequestException(name, $"Field '{name}' must be a string, not {value.ValueKind}.");
    }

    static DateTime? Date(JsonElement body, string name)
    {
        string? text = OptionalString(body, name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
            : throw new BacktestRequestException(name, $"Field '{name}' is '{text}', not a date (fix: yyyy-MM-dd, e.g. 2005-01-31).");
    }

    static double Number(JsonElement body, string name, double fallback, double min, double max, bool maxInclusive, string expected,
        bool minExclusive = false)
    {
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null) return fallback;
        double value = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.String when element.GetString() is { Length: 0 } => fallback,
            JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => double.NaN,
        };
        bool ok = double.IsFinite(value) && (minExclusive ? value > min : value >= min) && (maxInclusive ? value <= max : value < max);
        return ok ? value
            : throw new BacktestRequestException(name, $"Field '{name}' is {element.GetRawText()} (fix: {expected}).");
    }
}
