namespace Quarry.Tracking.Search.Internal;

/// <summary>The vocabulary of the runs search grammar: entity aliases, attribute keys and comparator sets (spec §1.1).</summary>
internal static class SearchKeys
{
    public const string ValidEntities =
        "metric, metrics, parameter, parameters, param, params, tag, tags, attribute, attributes, attr, run, dataset, datasets";

    public static readonly Comparator[] NumericComparators =
        [Comparator.Equal, Comparator.NotEqual, Comparator.Greater, Comparator.GreaterOrEqual, Comparator.Less, Comparator.LessOrEqual];

    public static readonly Comparator[] KeyValueComparators =
        [Comparator.Equal, Comparator.NotEqual, Comparator.Like, Comparator.ILike];

    public static readonly Comparator[] StringAttributeComparators =
        [Comparator.Equal, Comparator.NotEqual, Comparator.Like, Comparator.ILike, Comparator.In, Comparator.NotIn];

    private static readonly string[] FilterAttributes =
        ["run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time"];

    public static EntityKind? ResolveEntity(string text) => text.ToLowerInvariant() switch
    {
        "metric" or "metrics" => EntityKind.Metric,
        "parameter" or "parameters" or "param" or "params" => EntityKind.Param,
        "tag" or "tags" => EntityKind.Tag,
        "attribute" or "attributes" or "attr" or "run" => EntityKind.Attribute,
        "dataset" or "datasets" => EntityKind.Dataset,
        _ => null,
    };

    /// <summary>The canonical attribute key for a filterable / orderable attribute, or null if it is not one.</summary>
    public static string? CanonicalAttribute(string key) => key switch
    {
        "run_name" or "run name" or "Run name" or "Run Name" => "run_name",
        "created" or "Created" or "start_time" => "start_time",
        "run_id" or "status" or "user_id" or "artifact_uri" or "end_time" => key,
        _ => null,
    };

    public static string ValidAttributeKeys => string.Join(", ", FilterAttributes) + " (aliases: `run name`, `Run name`, `Run Name`, created, Created)";

    public static bool IsNumericAttribute(string canonicalKey) => canonicalKey is "start_time" or "end_time";

    public static bool IsDatasetKey(string key) => key is "name" or "digest" or "context";

    public static Comparator[] AllowedComparators(EntityKind kind, string canonicalKey) => kind switch
    {
        EntityKind.Metric => NumericComparators,
        EntityKind.Param or EntityKind.Tag => KeyValueComparators,
        EntityKind.Attribute when IsNumericAttribute(canonicalKey) => NumericComparators,
        _ => StringAttributeComparators,
    };

    public static string Text(Comparator op) => op switch
    {
        Comparator.Equal => "=",
        Comparator.NotEqual => "!=",
        Comparator.Greater => ">",
        Comparator.GreaterOrEqual => ">=",
        Comparator.Less => "<",
        Comparator.LessOrEqual => "<=",
        Comparator.Like => "LIKE",
        Comparator.ILike => "ILIKE",
        Comparator.In => "IN",
        _ => "NOT IN",
    };

    public static Comparator? ParseOperator(string text) => text switch
    {
        "=" => Comparator.Equal,
        "!=" => Comparator.NotEqual,
        ">" => Comparator.Greater,
        ">=" => Comparator.GreaterOrEqual,
        "<" => Comparator.Less,
        "<=" => Comparator.LessOrEqual,
        _ => null,
    };

    public static string EntityName(EntityKind kind) => kind switch
    {
        EntityKind.Metric => "metric",
        EntityKind.Param => "param",
        EntityKind.Tag => "tag",
        EntityKind.Attribute => "attribute",
        _ => "dataset",
    };
}
