using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Models;
using Quarry.Tracking.Search;
using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Compiles a logged-model filter (<see cref="AttributeTagFilterParser"/> with <see cref="FilterVocabulary.LoggedModels"/>)
/// and order_by into SQL over <c>logged_models lm</c>: a metric compares (and orders by) the model's latest point
/// (max step, then timestamp; NaN never matches); a missing key is false; strings as in the other searches.
/// Not thread-safe (one per search).
/// </summary>
internal sealed class LoggedModelSearchSql(SqlDialect dialect)
{
    static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["name"] = "lm.name", ["model_id"] = "lm.model_id", ["model_type"] = "lm.model_type", ["status"] = "lm.status",
        ["source_run_id"] = "lm.source_run_id", ["creation_timestamp"] = "lm.creation_timestamp_ms",
        ["creation_time"] = "lm.creation_timestamp_ms", ["last_updated_timestamp"] = "lm.last_updated_timestamp_ms",
    };

    readonly SqlComparisonWriter _sql = new(dialect);

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _sql.Parameters;

    public string Where(string? filter)
    {
        var clauses = AttributeTagFilterParser.Parse(filter, FilterVocabulary.LoggedModels);
        return clauses.Count == 0 ? "1 = 1" : string.Join(" AND ", clauses.Select(c => "(" + Clause(c) + ")"));
    }

    string Clause(Comparison c) => c.Kind switch
    {
        EntityKind.Metric => _sql.Numeric(LatestMetric(c.Key), c),
        EntityKind.Param => $"EXISTS (SELECT 1 FROM logged_model_params q_p WHERE q_p.model_id = lm.model_id AND q_p.key = {_sql.P(c.Key)} " +
                            $"AND {_sql.String("q_p.value", c)})",
        EntityKind.Tag => $"EXISTS (SELECT 1 FROM logged_model_tags q_t WHERE q_t.model_id = lm.model_id AND q_t.key = {_sql.P(c.Key)} " +
                          $"AND {_sql.String("q_t.value", c)})",
        _ => c.Value.Kind == SearchValueKind.Number ? _sql.Numeric(Columns[c.Key], c) : _sql.String(Columns[c.Key], c),
    };

    // The latest point of a metric; NULL when the model has none or it is NaN, so every comparison on it is false.
    string LatestMetric(string key) =>
        $"(SELECT CASE WHEN q_m.is_nan = 1 THEN NULL ELSE q_m.value END FROM logged_model_metrics q_m WHERE q_m.model_id = lm.model_id " +
        $"AND q_m.key = {_sql.P(key)} ORDER BY q_m.step DESC, q_m.timestamp DESC, q_m.value DESC LIMIT 1)";

    /// <summary>The ORDER BY list; default <c>creation_timestamp DESC</c>, always ending with <c>model_id ASC</c> unless ordered on.</summary>
    public string Order(IReadOnlyList<LoggedModelOrder>? orderBy)
    {
        var items = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in orderBy ?? [])
        {
            string field = o.FieldName ?? "";
            if (!seen.Add(field))
                throw new QuarryException(ErrorCode.InvalidParameter, $"`order_by` contains duplicate fields: '{field}' appears more than once");
            string direction = o.Ascending ? "ASC" : "DESC";
            if (field.StartsWith("metrics.", StringComparison.Ordinal) && field.Length > "metrics.".Length)
            {
                string latest = LatestMetric(field["metrics.".Length..]);
                items.Add($"CASE WHEN {latest} IS NULL THEN 1 ELSE 0 END ASC, {latest} {direction}");
            }
            else if (Columns.TryGetValue(field.StartsWith("attributes.", StringComparison.Ordinal) ? field["attributes.".Length..] : field, out var column))
                items.Add($"{column}{(column is "lm.name" or "lm.model_id" ? _sql.Collate : "")} {direction}");
            else
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Invalid order_by field '{field}': use one of {string.Join(", ", Columns.Keys)} or metrics.<key>.");
        }
        if (items.Count == 0) items.Add("lm.creation_timestamp_ms DESC");
        if (!seen.Contains("model_id")) items.Add($"lm.model_id{_sql.Collate} ASC");
        return string.Join(", ", items);
    }
}
