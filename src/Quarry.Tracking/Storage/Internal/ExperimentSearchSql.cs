using System.Globalization;
using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Search;
using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Compiles an experiments filter (<see cref="ExperimentFilterParser"/>) and order_by into SQL over
/// <c>experiments e</c>, with the runs search's semantics: a missing tag is false (also for <c>!=</c>); =, != and LIKE
/// are case-sensitive, ILIKE is not; names order by code point.
/// </summary>
internal sealed class ExperimentSearchSql(SqlDialect dialect)
{
    private readonly bool _postgres = dialect.Kind == StoreKind.PostgreSql;
    private readonly List<KeyValuePair<string, object>> _parameters = [];

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _parameters;

    private string P(object value)
    {
        string name = "p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return "@" + name;
    }

    public string Where(IReadOnlyList<Comparison> clauses) =>
        clauses.Count == 0 ? "1 = 1" : string.Join(" AND ", clauses.Select(c => "(" + Clause(c) + ")"));

    private string Clause(Comparison c)
    {
        if (c.Kind == EntityKind.Tag)
            return $"EXISTS (SELECT 1 FROM experiment_tags q_t WHERE q_t.experiment_id = e.experiment_id AND q_t.key = {P(c.Key)} " +
                   $"AND {StringCompare("q_t.value", c)})";
        if (c.Key == "name") return StringCompare("e.name", c);
        if (double.IsNaN(c.Value.Number)) return "1 = 0";
        string op = c.Op switch
        {
            Comparator.Equal => "=",
            Comparator.NotEqual => "<>",
            Comparator.Greater => ">",
            Comparator.GreaterOrEqual => ">=",
            Comparator.Less => "<",
            _ => "<=",
        };
        return $"e.{c.Key} {op} {P(c.Value.Number)}";
    }

    private string StringCompare(string x, Comparison c) => c.Op switch
    {
        Comparator.Equal => $"{x} = {P(c.Value.Text)}",
        Comparator.NotEqual => $"{x} <> {P(c.Value.Text)}",
        Comparator.Like => _postgres
            ? $"{x} LIKE {P(SqlLikePatterns.ToPostgres(c.Value.Text))} ESCAPE '\\'"
            : $"{x} GLOB {P(SqlLikePatterns.ToGlob(c.Value.Text, asciiUpper: false))}",
        _ => _postgres
            ? $"{x} ILIKE {P(SqlLikePatterns.ToPostgres(c.Value.Text))} ESCAPE '\\'"
            : $"upper({x}) GLOB {P(SqlLikePatterns.ToGlob(c.Value.Text, asciiUpper: true))}",
    };

    /// <summary>
    /// The ORDER BY list for order_by items <c>[attribute.]key [ASC|DESC]</c> over name, experiment_id, creation_time,
    /// last_update_time; default <c>creation_time DESC</c>, always ending with <c>experiment_id ASC</c> unless ordered on.
    /// </summary>
    public string Order(IReadOnlyList<string>? orderBy)
    {
        var parts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in orderBy ?? [])
        {
            var words = (item ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is < 1 or > 2)
                throw Invalid(item, "expected '<key> [ASC|DESC]'");
            string key = words[0].StartsWith("attribute.", StringComparison.OrdinalIgnoreCase) ? words[0]["attribute.".Length..] : words[0];
            if (key is not ("name" or "experiment_id" or "creation_time" or "last_update_time"))
                throw Invalid(item, $"invalid order_by key '{key}'; valid keys are name, experiment_id, creation_time, last_update_time");
            string dir = words.Length == 1 || words[1].Equals("ASC", StringComparison.OrdinalIgnoreCase) ? "ASC"
                : words[1].Equals("DESC", StringComparison.OrdinalIgnoreCase) ? "DESC"
                : throw Invalid(item, $"Invalid ordering key '{words[1]}'; use ASC or DESC");
            if (!seen.Add(key))
                throw new QuarryException(ErrorCode.InvalidParameter, $"`order_by` contains duplicate fields: '{key}' appears more than once");
            parts.Add(key == "name" && _postgres ? $"e.name COLLATE \"C\" {dir}" : $"e.{key} {dir}");
        }
        if (parts.Count == 0)
        {
            parts.Add("e.creation_time DESC");
            seen.Add("creation_time");
        }
        if (!seen.Contains("experiment_id")) parts.Add("e.experiment_id ASC");
        return string.Join(", ", parts);
    }

    private static QuarryException Invalid(string? item, string what) =>
        new(ErrorCode.InvalidParameter, $"Invalid order_by clause '{item}': {what}");
}
