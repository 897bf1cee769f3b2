using System.Globalization;
using System.Text.Json;

namespace Quarry.Tracking.Rest;

/// <summary>
/// MLflow's lenient reading of scalar fields (spec <c>mlflow-rest.md</c> §0): int64 as a JSON number or a numeric
/// string, doubles as numbers or the strings <c>"NaN"</c> / <c>"Infinity"</c> / <c>"-Infinity"</c>, ids as strings or
/// numbers, enums by name or number. Each <c>Get…</c> reads a field of a JSON object and returns null when the field is
/// absent or JSON <c>null</c>; a value of the wrong type throws MLflow's "Invalid value … for parameter 'X'"
/// (<see cref="MlflowErrors.InvalidValue"/>). Thread-safe; allocates only the returned strings.
/// </summary>
public static class MlflowValues
{
    /// <summary>The field's value when present and not <c>null</c>.</summary>
    public static bool TryGetField(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            return true;
        value = default;
        return false;
    }

    /// <summary>A string field (a JSON number is taken as its text, as MLflow does for ids); null when absent.</summary>
    public static string? GetString(JsonElement obj, string name) =>
        TryGetField(obj, name, out var v) ? AsString(v, name) : null;

    /// <summary>An int64 field (number or numeric string); null when absent.</summary>
    public static long? GetInt64(JsonElement obj, string name) =>
        TryGetField(obj, name, out var v) ? AsInt64(v, name) : null;

    /// <summary>A double field (number, numeric string, <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>); null when absent.</summary>
    public static double? GetDouble(JsonElement obj, string name) =>
        TryGetField(obj, name, out var v) ? AsDouble(v, name) : null;

    /// <summary>A run status field (name or number); null when absent.</summary>
    public static RunStatus? GetRunStatus(JsonElement obj, string name) =>
        TryGetField(obj, name, out var v) ? AsRunStatus(v, name) : null;

    /// <summary>A view type field (name or number); null when absent.</summary>
    public static ViewType? GetViewType(JsonElement obj, string name) =>
        TryGetField(obj, name, out var v) ? AsViewType(v, name) : null;

    /// <summary>A string value; numbers give their JSON text.</summary>
    public static string AsString(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        _ => throw Invalid(value, name),
    };

    /// <summary>An int64 value from a JSON integer or a string holding one.</summary>
    public static long AsInt64(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n)) return n;
        if (value.ValueKind == JsonValueKind.String && ParseInt64(value.GetString()) is { } parsed) return parsed;
        throw Invalid(value, name);
    }

    /// <summary>A double value from a JSON number or a string (<c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> or a number).</summary>
    public static double AsDouble(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (value.ValueKind == JsonValueKind.String && ParseDouble(value.GetString()) is { } parsed) return parsed;
        throw Invalid(value, name);
    }

    /// <summary>A run status from its name or number.</summary>
    public static RunStatus AsRunStatus(JsonElement value, string name) =>
        value.ValueKind is JsonValueKind.String or JsonValueKind.Number && MlflowEnums.TryParseRunStatus(EnumText(value), out var s)
            ? s : throw Invalid(value, name);

    /// <summary>A view type from its name or number.</summary>
    public static ViewType AsViewType(JsonElement value, string name) =>
        value.ValueKind is JsonValueKind.String or JsonValueKind.Number && MlflowEnums.TryParseViewType(EnumText(value), out var v)
            ? v : throw Invalid(value, name);

    /// <summary>An int64 from text (optional sign, digits); null when it is not one.</summary>
    public static long? ParseInt64(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>A double from text: <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> (protobuf's JSON spellings) or a number.</summary>
    public static double? ParseDouble(string? text) => text switch
    {
        null => null,
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : null,
    };

    /// <summary>MLflow's invalid-value error for a JSON value, naming the Python type MLflow would report.</summary>
    public static Quarry.Core.QuarryException Invalid(JsonElement value, string name) =>
        MlflowErrors.InvalidValue(name, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), PythonType(value));

    static string EnumText(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    static string PythonType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "str",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "int" : "float",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "list",
        JsonValueKind.Object => "dict",
        _ => "NoneType",
    };
}
