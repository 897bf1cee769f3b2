using Quarry.Storage;
using Quarry.Tracking.Search;
using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Compiles registry filters (<see cref="AttributeTagFilterParser"/>) and order_by into SQL over
/// <c>registered_models m</c> and, for versions, <c>model_versions v</c> joined to <c>m</c>. Semantics as the runs
/// search: a missing tag is false (also for <c>!=</c>), except MLflow's prompt rule: a model or version without the tag
/// <c>mlflow.prompt.is_prompt</c> matches <c>= 'false'</c> and <c>!= 'true'</c>. Names order by code point.
/// </summary>
internal sealed class RegistrySearchSql(SqlDialect dialect, bool versions)
{
    const string IsPromptTag = "mlflow.prompt.is_prompt";

    static readonly Dictionary<string, string> ModelOrderKeys = new()
    {
        ["name"] = "name", ["creation_timestamp"] = "creation_timestamp", ["timestamp"] = "creation_timestamp",
        ["last_updated_timestamp"] = "last_updated_timestamp",
    };

    static readonly Dictionary<string, string> VersionOrderKeys = new()
    {
        ["name"] = "name", ["version_number"] = "version_number", ["creation_timestamp"] = "creation_timestamp",
        ["last_updated_timestamp"] = "last_updated_timestamp",
    };

    readonly SqlComparisonWriter _sql = new(dialect);

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _sql.Parameters;

    /// <summary>The WHERE expression of <paramref name="filter"/> (<c>1 = 1</c> when empty); InvalidParameter when malformed.</summary>
    public string Where(string? filter)
    {
        var clauses = AttributeTagFilterParser.Parse(filter, versions ? FilterVocabulary.ModelVersions : FilterVocabulary.RegisteredModels);
        return clauses.Count == 0 ? "1 = 1" : string.Join(" AND ", clauses.Select(c => "(" + Clause(c) + ")"));
    }

    string Clause(Comparison c)
    {
        if (c.Kind == EntityKind.Tag) return TagClause(c);
        return c.Key switch
        {
            "name" => _sql.String("m.name", c),
            "version_number" => _sql.Numeric("v.version", c),
            "run_id" => _sql.String("v.run_id", c),
            _ => _sql.String("v.source", c),
        };
    }

    string TagClause(Comparison c)
    {
        string key = _sql.P(c.Key);
        string owner = versions
            ? "FROM model_version_tags {0} WHERE {0}.model_id = v.model_id AND {0}.version = v.version"
            : "FROM registered_model_tags {0} WHERE {0}.model_id = m.model_id";
        string matches = $"EXISTS (SELECT 1 {string.Format(System.Globalization.CultureInfo.InvariantCulture, owner, "q_t")} AND q_t.key = {key} " +
                         $"AND {_sql.String("q_t.value", c)})";
        bool absentMatches = c.Key == IsPromptTag &&
            ((c.Op == Comparator.Equal && c.Value.Text == "false") || (c.Op == Comparator.NotEqual && c.Value.Text == "true"));
        return absentMatches
            ? $"{matches} OR NOT EXISTS (SELECT 1 {string.Format(System.Globalization.CultureInfo.InvariantCulture, owner, "q_u")} AND q_u.key = {key})"
            : matches;
    }

    /// <summary>
    /// The ORDER BY list. Models: the items, then <c>name ASC</c> unless ordered on. Versions: the items, then
    /// <c>name ASC</c> and <c>version DESC</c> unless ordered on.
    /// </summary>
    public string Order(IReadOnlyList<string>? orderBy)
    {
        var items = AttributeOrderBy.Parse(orderBy, versions ? VersionOrderKeys : ModelOrderKeys);
        if (!items.Any(i => i.Key == "name")) items.Add(("name", true));
        if (versions && !items.Any(i => i.Key == "version_number")) items.Add(("version_number", false));
        string table = versions ? "v" : "m";
        return string.Join(", ", items.Select(i => i.Key switch
        {
            "name" => $"m.name{_sql.Collate}",
            "version_number" => "v.version",
            "creation_timestamp" => $"{table}.creation_time",
            _ => $"{table}.last_updated_time",
        } + (i.Ascending ? " ASC" : " DESC")));
    }
}
