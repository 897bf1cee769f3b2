namespace Quarry.Tracking.Search.Internal;

/// <summary>
/// What an attribute-and-tag filter (experiments, registered models, model versions; spec <c>mlflow-search.md</c> §3)
/// accepts: its attributes with their types and comparators, and the comparators of <c>tag.</c> / <c>tags.</c> keys.
/// </summary>
/// <param name="Subject">Names the filter in errors ("experiment filter", …).</param>
/// <param name="Attributes">The attributes by the key written in a filter.</param>
/// <param name="TagComparators">The comparators allowed on tags.</param>
internal sealed record FilterVocabulary(string Subject, IReadOnlyDictionary<string, FilterAttribute> Attributes, Comparator[] TagComparators)
{
    static readonly Comparator[] Strings = [Comparator.Equal, Comparator.NotEqual, Comparator.Like, Comparator.ILike];

    /// <summary>SearchExperiments: <c>name</c>, <c>creation_time</c>, <c>last_update_time</c>, tags.</summary>
    public static FilterVocabulary Experiments { get; } = new("experiment filter", new Dictionary<string, FilterAttribute>
    {
        ["name"] = new("name", FilterAttributeKind.String, Strings),
        ["creation_time"] = new("creation_time", FilterAttributeKind.Number, SearchKeys.NumericComparators),
        ["last_update_time"] = new("last_update_time", FilterAttributeKind.Number, SearchKeys.NumericComparators),
    }, Strings);

    /// <summary>SearchRegisteredModels: <c>name</c>, tags.</summary>
    public static FilterVocabulary RegisteredModels { get; } = new("registered model filter", new Dictionary<string, FilterAttribute>
    {
        ["name"] = new("name", FilterAttributeKind.String, Strings),
    }, Strings);

    /// <summary>SearchModelVersions: <c>name</c>, <c>version_number</c>, <c>run_id</c> (also <c>IN</c>), <c>source_path</c>, tags.</summary>
    public static FilterVocabulary ModelVersions { get; } = new("model version filter", new Dictionary<string, FilterAttribute>
    {
        ["name"] = new("name", FilterAttributeKind.String, Strings),
        ["version_number"] = new("version_number", FilterAttributeKind.Number, SearchKeys.NumericComparators),
        ["run_id"] = new("run_id", FilterAttributeKind.String, [Comparator.Equal, Comparator.NotEqual, Comparator.In]),
        ["source_path"] = new("source_path", FilterAttributeKind.String, Strings),
    }, Strings);

    /// <summary>
    /// SearchLoggedModels: <c>name</c>, <c>model_id</c>, <c>model_type</c>, <c>status</c>, <c>source_run_id</c>,
    /// <c>creation_timestamp</c> / <c>creation_time</c>, <c>last_updated_timestamp</c>, metrics, params and tags.
    /// </summary>
    public static FilterVocabulary LoggedModels { get; } = new("logged model filter", new Dictionary<string, FilterAttribute>
    {
        ["name"] = new("name", FilterAttributeKind.String, Strings),
        ["model_id"] = new("model_id", FilterAttributeKind.String, Strings),
        ["model_type"] = new("model_type", FilterAttributeKind.String, Strings),
        ["status"] = new("status", FilterAttributeKind.String, Strings),
        ["source_run_id"] = new("source_run_id", FilterAttributeKind.String, Strings),
        ["creation_timestamp"] = new("creation_timestamp", FilterAttributeKind.Number, SearchKeys.NumericComparators),
        ["creation_time"] = new("creation_timestamp", FilterAttributeKind.Number, SearchKeys.NumericComparators),
        ["last_updated_timestamp"] = new("last_updated_timestamp", FilterAttributeKind.Number, SearchKeys.NumericComparators),
    }, Strings) { MetricsAndParams = true };

    /// <summary>Whether <c>metrics.</c> (numeric) and <c>params.</c> (string) keys are accepted besides attributes and tags.</summary>
    public bool MetricsAndParams { get; init; }

    public string ValidAttributeKeys => string.Join(", ", Attributes.Keys);
}

/// <summary>An attribute of a <see cref="FilterVocabulary"/>: its canonical key, value type and comparators.</summary>
internal sealed record FilterAttribute(string Key, FilterAttributeKind Kind, Comparator[] Comparators);

/// <summary>The value type of a filter attribute.</summary>
internal enum FilterAttributeKind
{
    String,
    Number,
}
