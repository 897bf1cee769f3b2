using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Search;

/// <summary>
/// Compiles a parsed runs filter and order_by into parameterised SQL over the tracking schema
/// (<c>runs</c>, <c>params</c>, <c>tags</c>, <c>latest_metrics</c>, and <c>run_inputs</c> / <c>datasets</c> /
/// <c>run_input_tags</c> for dataset clauses) with exactly the semantics of the in-memory
/// <see cref="SearchFilter.Matches"/> and <see cref="Search.OrderBy.Sort"/> (spec <c>mlflow-search.md</c> §1.2, §2):
/// one uncorrelated <c>run_uuid IN (SELECT …)</c> per metric / param / tag clause (answered from the covering
/// (key, value, run) indexes, so the database can start from the most selective clause; on SQLite one
/// <c>IN (… INTERSECT …)</c> for all of them); a missing key is false (also for <c>!=</c>); NaN latest
/// metrics (<c>is_nan = 1</c>) never match; <c>=</c>, <c>!=</c> and LIKE are case-sensitive, ILIKE is not (SQLite:
/// <c>GLOB</c> translation; PostgreSQL: LIKE / ILIKE with <c>ESCAPE '\'</c>); <c>run_name</c> reads the
/// <c>mlflow.runName</c> tag first; a dataset clause holds when any input of the run satisfies it (<c>datasets.context</c>
/// is the input tag <c>mlflow.data.context</c>). Ordering puts missing values last in both directions and metric NaN after every
/// number, then appends <c>start_time DESC</c> (unless ordered on) and <c>run_id ASC</c>; strings order by code point
/// (PostgreSQL: <c>COLLATE "C"</c>). Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Known difference: ILIKE folds ASCII letters only on SQLite (its built-in <c>upper()</c>) and follows the database's
/// LC_CTYPE on PostgreSQL (ASCII only under the C locale), whereas the in-memory evaluator folds all of Unicode.
/// PostgreSQL needs <c>standard_conforming_strings = on</c> (the default) for the <c>ESCAPE ''</c> literal. Stored values are taken as they are: an empty <c>user_id</c> column is the string
/// "", not a missing value.
/// </remarks>
public static class SqlSearchCompiler
{
    private const string RunNameTag = "mlflow.runName";

    /// <summary>
    /// Compiles <paramref name="filter"/> and <paramref name="orderBy"/> for <paramref name="dialect"/>. The fragments
    /// reference the runs table through <paramref name="runAlias"/> (use them as
    /// <c>SELECT … FROM runs {runAlias} {Joins} WHERE {Where} ORDER BY {OrderBy}</c>) and the parameters <c>@p0</c>,
    /// <c>@p1</c>, …; add the lifecycle-stage and experiment conditions yourself. Allocates the fragments.
    /// </summary>
    /// <exception cref="QuarryException">InvalidParameter when <paramref name="runAlias"/> is not a plain SQL identifier.</exception>
    public static SqlSearchQuery Compile(SearchFilter filter, IReadOnlyList<OrderClause> orderBy, SqlDialect dialect, string runAlias = "r")
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(orderBy);
        ArgumentNullException.ThrowIfNull(dialect);
        ValidateAlias(runAlias);
        var b = new SqlSearchBuilder(dialect, runAlias);
        string where = filter.Clauses.Count == 0 ? "1 = 1" : b.Where(filter.Clauses);
        string order = b.Order(orderBy);
        return new SqlSearchQuery(b.Joins, where, order, b.Parameters);
    }

    private static void ValidateAlias(string alias)
    {
        bool ok = !string.IsNullOrEmpty(alias) && (char.IsAsciiLetter(alias[0]) || alias[0] == '_')
            && alias.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')
            && !alias.StartsWith("q_", StringComparison.OrdinalIgnoreCase);
        if (!ok)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Run alias '{alias}' is not a plain SQL identifier (fix: letters, digits and '_', not starting with a digit or 'q_').");
    }

    internal static string RunNameTagKey => RunNameTag;

    internal const string DatasetContextTagKey = "mlflow.data.context";
}
