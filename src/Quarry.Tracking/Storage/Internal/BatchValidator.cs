using System.Text.RegularExpressions;
using Quarry.Core;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>MLflow's log-batch limits and key/value rules (<c>mlflow/utils/validation.py</c>), checked before any write.</summary>
internal static partial class BatchValidator
{
    public const int MaxMetrics = 1000, MaxParams = 100, MaxTags = 100, MaxEntities = 1000;
    public const int MaxKeyLength = 250, MaxParamValueLength = 6000, MaxTagValueLength = 8000;
    public const int MaxExperimentNameLength = 500, MaxExperimentTagValueLength = 5000;

    [GeneratedRegex(@"^[/\w.\- :]*$")]
    private static partial Regex KeyPattern();

    public static void Validate(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags)
    {
        CheckCount(metrics.Count, MaxMetrics, "metrics");
        CheckCount(@params.Count, MaxParams, "params");
        CheckCount(tags.Count, MaxTags, "tags");
        CheckCount(metrics.Count + @params.Count + tags.Count, MaxEntities, "metrics, params, and tags");
        foreach (var m in metrics)
        {
            if (m is null) throw Invalid("A metric in the batch is null.");
            Key(m.Key, "metric");
            if (m.Timestamp < 0) throw Invalid($"Metric '{m.Key}' has a negative timestamp {m.Timestamp} (fix: milliseconds since the Unix epoch, ≥ 0).");
        }
        foreach (var p in @params)
        {
            if (p is null) throw Invalid("A param in the batch is null.");
            Key(p.Key, "param");
            Value(p.Value, MaxParamValueLength, $"param '{p.Key}'");
        }
        foreach (var t in tags)
        {
            if (t is null) throw Invalid("A tag in the batch is null.");
            Key(t.Key, "tag");
            Value(t.Value, MaxTagValueLength, $"tag '{t.Key}'");
        }
    }

    public static void Key(string? key, string what)
    {
        if (string.IsNullOrEmpty(key)) throw Invalid($"Missing value for required parameter 'key' of a {what}.");
        if (key.Length > MaxKeyLength)
            throw Invalid($"The {what} key '{key[..40]}…' has {key.Length} characters, over the maximum length of {MaxKeyLength}.");
        if (!KeyPattern().IsMatch(key) || key.StartsWith('/') || key.StartsWith("..", StringComparison.Ordinal) || key == "."
            || key.Contains("//", StringComparison.Ordinal) || key.Contains("/../", StringComparison.Ordinal) || key.Contains("/./", StringComparison.Ordinal))
            throw Invalid($"Invalid {what} name '{key}': names may only contain alphanumerics, underscores, dashes, periods, spaces, colons and slashes, and must be a clean relative path.");
    }

    public static void Value(string? value, int max, string what)
    {
        if (value is null) throw Invalid($"Missing value for required parameter 'value' of {what}.");
        if (value.Length > max) throw Invalid($"The value of {what} has {value.Length} characters, exceeding the maximum length of {max}.");
    }

    static void CheckCount(int count, int max, string what)
    {
        if (count > max)
            throw Invalid($"A batch logging request can contain at most {max} {what}. Got {count} {what}. Please split up {what} across multiple requests and try again.");
    }

    public static QuarryException Invalid(string message) => new(ErrorCode.InvalidParameter, message);
}
