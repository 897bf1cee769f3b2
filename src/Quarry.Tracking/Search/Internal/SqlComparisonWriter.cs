using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Tracking.Search.Internal;

/// <summary>
/// Collects the named parameters (<c>@p0</c>, <c>@p1</c>, …) of one compiled search and writes the comparisons the search
/// grammars share, with MLflow's semantics: =, != and LIKE case-sensitive, ILIKE not (SQLite: <c>GLOB</c>; PostgreSQL:
/// LIKE / ILIKE with <c>ESCAPE '\'</c>); every user value is a parameter. Not thread-safe (one per compilation).
/// </summary>
internal sealed class SqlComparisonWriter(SqlDialect dialect)
{
    private readonly List<KeyValuePair<string, object>> _parameters = [];

    public bool Postgres { get; } = dialect.Kind == StoreKind.PostgreSql;

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _parameters;

    /// <summary>Code-point string ordering: <c>COLLATE "C"</c> on PostgreSQL, nothing on SQLite (BINARY already).</summary>
    public string Collate => Postgres ? " COLLATE \"C\"" : "";

    /// <summary>Adds a parameter and returns its SQL reference (<c>@pN</c>).</summary>
    public string P(object value)
    {
        string name = "p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return "@" + name;
    }

    public static string NumericOperator(Comparator op) => op switch
    {
        Comparator.Equal => "=",
        Comparator.NotEqual => "<>",
        Comparator.Greater => ">",
        Comparator.GreaterOrEqual => ">=",
        Comparator.Less => "<",
        Comparator.LessOrEqual => "<=",
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Comparator {op} is not numeric"),
    };

    /// <summary><paramref name="x"/> compared with a numeric literal; NaN never matches.</summary>
    public string Numeric(string x, Comparison c) =>
        double.IsNaN(c.Value.Number) ? "1 = 0" : $"{x} {NumericOperator(c.Op)} {P(c.Value.Number)}";

    /// <summary>A comparison of the string expression <paramref name="x"/>; a NULL <paramref name="x"/> (missing) is false.</summary>
    public string String(string x, Comparison c)
    {
        switch (c.Op)
        {
            case Comparator.Equal: return $"{x} = {P(c.Value.Text)}";
            case Comparator.NotEqual: return $"{x} <> {P(c.Value.Text)}";
            case Comparator.Like:
                return Postgres
                    ? $"{x} LIKE {P(SqlLikePatterns.ToPostgres(c.Value.Text))} ESCAPE '\\'"
                    : $"{x} GLOB {P(SqlLikePatterns.ToGlob(c.Value.Text, asciiUpper: false))}";
            case Comparator.ILike:
                return Postgres
                    ? $"{x} ILIKE {P(SqlLikePatterns.ToPostgres(c.Value.Text))} ESCAPE '\\'"
                    : $"upper({x}) GLOB {P(SqlLikePatterns.ToGlob(c.Value.Text, asciiUpper: true))}";
            case Comparator.In:
                return c.Value.Items.Count == 0 ? "1 = 0" : $"{x} IN ({List(c.Value.Items)})";
            case Comparator.NotIn:
                return c.Value.Items.Count == 0 ? $"{x} IS NOT NULL AND 1 = 1" : $"{x} NOT IN ({List(c.Value.Items)})";
            default:
                throw new QuarryException(ErrorCode.InvalidParameter, $"Comparator {c.Op} does not apply to strings");
        }
    }

    private string List(IReadOnlyList<string> items) => string.Join(", ", items.Select(i => P(i)));
}
