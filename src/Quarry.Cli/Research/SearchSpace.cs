using System.Globalization;
using System.Text.Json;
using Quarry.Backtesting.Strategies;
using Quarry.Core;
using Quarry.Optimization.Distributions;

namespace Quarry.Cli.Research;

/// <summary>
/// The parameters an optimization searches: the strategy's declared ranges, narrowed or fixed by a JSON file
/// (<c>{"fast": {"low": 5, "high": 50, "step": 5}, "slow": {"low": 20, "high": 200, "log": true},
/// "mode": {"choices": ["a", "b"]}, "lookback": {"value": 126}}</c>) and by fixed <c>-p name=value</c> values.
/// </summary>
internal sealed record SearchSpace(IReadOnlyDictionary<string, Distribution> Searched, IReadOnlyDictionary<string, string> Fixed)
{
    public static SearchSpace From(IReadOnlyList<ParameterSpec> declared, string strategy, string? spaceFile,
        IReadOnlyList<KeyValuePair<string, string>> fixedValues)
    {
        var byName = declared.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var overrides = spaceFile is null ? [] : ReadFile(spaceFile, byName, strategy);
        var fixedByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fixedValues)
        {
            if (!byName.ContainsKey(name)) throw Unknown(name, strategy, byName.Keys);
            fixedByName[name] = value;
        }
        var searched = new Dictionary<string, Distribution>(StringComparer.Ordinal);
        foreach (var spec in declared)
        {
            if (fixedByName.ContainsKey(spec.Name)) continue;
            if (overrides.TryGetValue(spec.Name, out var entry))
            {
                if (entry.Fixed is { } value) fixedByName[spec.Name] = value;
                else searched[spec.Name] = entry.Distribution!;
                continue;
            }
            searched[spec.Name] = Declared(spec, strategy);
        }
        if (searched.Count == 0)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Nothing to search: every parameter of {strategy} is fixed.");
        return new SearchSpace(searched, fixedByName);
    }

    static Distribution Declared(ParameterSpec spec, string strategy) => spec.Kind switch
    {
        ParameterKind.Bool => new CategoricalDistribution(["true", "false"]),
        ParameterKind.Categorical => new CategoricalDistribution(spec.Choices),
        _ when double.IsNaN(spec.Min) => throw new QuarryException(ErrorCode.InvalidParameter,
            $"Parameter '{spec.Name}' of {strategy} declares no search range: give one in --space FILE or fix it with -p {spec.Name}=VALUE."),
        ParameterKind.Int => new IntDistribution((long)spec.Min, (long)spec.Max, spec.Log, spec.Log ? 1 : Math.Max(1, (long)spec.Step)),
        _ => new FloatDistribution(spec.Min, spec.Max, spec.Log, spec.Step > 0 && !spec.Log ? spec.Step : null),
    };

    sealed record Entry(Distribution? Distribution, string? Fixed);

    static Dictionary<string, Entry> ReadFile(string path, Dictionary<string, ParameterSpec> declared, string strategy)
    {
        if (!File.Exists(path)) throw new QuarryException(ErrorCode.NotFound, $"Search space file '{path}' does not exist.");
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new QuarryException(ErrorCode.InvalidParameter, $"{path}: not valid JSON ({e.Message})."); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new QuarryException(ErrorCode.InvalidParameter, $"{path}: expected an object of parameter name → range.");
            var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!declared.TryGetValue(property.Name, out var spec)) throw Unknown(property.Name, strategy, declared.Keys, path);
                entries[property.Name] = Parse(path, spec, property.Value);
            }
            return entries;
        }
    }

    static Entry Parse(string path, ParameterSpec spec, JsonElement e)
    {
        string where = $"{path}: parameter '{spec.Name}'";
        if (e.ValueKind != JsonValueKind.Object) throw new QuarryException(ErrorCode.InvalidParameter, $"{where}: expected an object like {{\"low\": 1, \"high\": 10}}.");
        if (e.TryGetProperty("value", out var fixedValue))
            return new Entry(null, fixedValue.ValueKind == JsonValueKind.String ? fixedValue.GetString() : fixedValue.GetRawText());
        if (e.TryGetProperty("choices", out var choices))
            return new Entry(new CategoricalDistribution([.. choices.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText())]), null);
        if (!e.TryGetProperty("low", out var low) || !e.TryGetProperty("high", out var high) || low.ValueKind != JsonValueKind.Number || high.ValueKind != JsonValueKind.Number)
            throw new QuarryException(ErrorCode.InvalidParameter, $"{where}: needs numeric \"low\" and \"high\" (or \"choices\", or \"value\").");
        bool log = e.TryGetProperty("log", out var l) && l.ValueKind == JsonValueKind.True;
        double? step = e.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null;
        return spec.Kind == ParameterKind.Int
            ? new Entry(new IntDistribution(checked((long)low.GetDouble()), checked((long)high.GetDouble()), log, (long)(step ?? 1)), null)
            : new Entry(new FloatDistribution(low.GetDouble(), high.GetDouble(), log, step), null);
    }

    static QuarryException Unknown(string name, string strategy, IEnumerable<string> declared, string? file = null) =>
        new(ErrorCode.InvalidParameter, $"{(file is null ? "" : file + ": ")}Parameter '{name}' is not declared by {strategy} (declared: {string.Join(", ", declared)}).");

    /// <summary>Formats an internal value for the strategy's parameter binder.</summary>
    public static string Text(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
