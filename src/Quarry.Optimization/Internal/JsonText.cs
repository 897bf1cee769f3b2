using System.Text.Json;
using System.Text.Json.Serialization;
using Quarry.Core;

namespace Quarry.Optimization.Internal;

/// <summary>JSON for attribute values: ±∞ and NaN are written as the strings "Infinity", "-Infinity", "NaN".</summary>
internal static class JsonText
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static string SerializeObject(object? value) =>
        value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new QuarryException(ErrorCode.InvalidData, $"JSON value '{json}' is null.");

    /// <summary>A parameter value from JSON: a double for numbers, a string for strings.</summary>
    public static object ToParameterValue(JsonElement e, string name) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Parameter '{name}' has JSON value {e.GetRawText()}; expected a number or a string."),
    };
}
