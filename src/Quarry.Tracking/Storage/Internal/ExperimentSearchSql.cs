using Quarry.Storage;
using Quarry.Tracking.Search;
using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Compiles an experiments filter (<see cref="AttributeTagFilterParser"/> with <see cref="FilterVocabulary.Experiments"/>)
/// and order_by into SQL over <c>experiments e</c>, with the runs search's semantics: a missing tag is false (also for
/// <c>!=</c>); =, != and LIKE are case-sensitive, ILIKE is not; names order by code point.
/// </summary>
internal sealed class ExperimentSearchSql(SqlDialect dialect)
{
    static readonly Dictionary<string, string> OrderKeys = new()
    {
        ["name"] = "name", ["experiment_id"] = "experiment_id", ["creation_time"] = "creation_time", ["last_update_time"] = "last_update_time",
    };

    private readonly SqlComparisonWriter _sql = new(dialect);

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _sql.Parameters;

    public string Where(IReadOnlyList<Comparison> clauses) =>
        clauses.Count == 0 ? "1 = 1" : string.Join(" AND ", clauses.Select(c => "(" + Clause(c) + ")"));

    private string Clause(Comparison c)
    {
        if (c.Kind == EntityKind.Tag)
            return $"EXISTS (SELECT 1 FROM experiment_tags q_t WHERE q_t.experiment_id = e.experiment_id AND q_t.key = {_sql.P(c.Key)} " +
                   $"AND {_sql.String("q_t.value", c)})";
        return c.Key == "name" ? _sql.String("e.name", c) : _sql.Numeric("e." + c.Key, c);
    }

    /// <summary>
    /// The ORDER BY list for order_by items over name, experiment_id, creation_time, last_update_time; default
    /// <c>creation_time DESC</c>, always ending with <c>experiment_id ASC</c> unless ordered on.
    /// </summary>
    public string Order(IReadOnlyList<string>? orderBy)
    {
        var items = AttributeOrderBy.Parse(orderBy, OrderKeys);
        if (items.Count == 0) items.Add(("creation_time", false));
        if (!items.Any(i => i.Key == "experiment_id")) items.Add(("experiment_id", true));
        return string.Join(", ", items.Select(i => $"e.{i.Key}{(i.Key == "name" ? _sql.Collate : "")} {(i.Ascending ? "ASC" : "DESC")}"));
    }
}
