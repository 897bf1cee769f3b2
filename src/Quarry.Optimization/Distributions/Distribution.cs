using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quarry.Core;

namespace Quarry.Optimization.Distributions;

/// <summary>
/// The domain of one parameter. Values cross storage and samplers in an internal <c>double</c> representation
/// (as Optuna does): the value itself for floats and ints, the choice index for categoricals.
/// Immutable and thread-safe.
/// </summary>
public abstract record Distribution
{
    /// <summary>Whether <paramref name="internalValue"/> is a legal value of this distribution.</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>The user-facing value: double, long or string.</summary>
    public abstract object ToExternal(double internalValue);

    /// <summary>The internal representation of a user-facing value; throws a <see cref="QuarryException"/> when it is not in the domain.</summary>
    public abstract double ToInternal(object externalValue);

    /// <summary>True when the domain holds exactly one value (samplers then skip it).</summary>
    public abstract bool IsSingle { get; }

    /// <summary>Optuna-compatible JSON: <c>{"name": "FloatDistribution", "attributes": {...}}</c>.</summary>
    public abstract string ToJson();

    /// <summary>Parses <see cref="ToJson"/> output (also Optuna's <c>distribution_json</c>).</summary>
    public static Distribution FromJson(string json)
    {
        var node = JsonNode.Parse(json) ?? throw Bad(json);
        var a = node["attributes"] ?? throw Bad(json);
        return (string?)node["name"] switch
        {
            "FloatDistribution" => new FloatDistribution((double)a["low"]!, (double)a["high"]!, (bool?)a["log"] ?? false, (double?)a["step"]),
            "IntDistribution" => new IntDistribution((long)a["low"]!, (long)a["high"]!, (bool?)a["log"] ?? false, (long?)a["step"] ?? 1),
            "CategoricalDistribution" => new CategoricalDistribution([.. a["choices"]!.AsArray().Select(c => c is JsonValue v && v.TryGetValue(out string? s) ? s : c!.ToJsonString())]),
            _ => throw Bad(json),
        };
    }

    static QuarryException Bad(string json) =>
        new(ErrorCode.InvalidParameter, $"Not a distribution: {json} (expected {{\"name\": \"FloatDistribution|IntDistribution|CategoricalDistribution\", \"attributes\": {{...}}}}).");

    private protected static string Json(string name, JsonObject attributes) =>
        new JsonObject { ["name"] = name, ["attributes"] = attributes }.ToJsonString();

    private protected static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
