using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Tracking.Search.Internal;

/// <summary>Builds the SQL fragments of one <see cref="SqlSearchCompiler.Compile"/> call, collecting parameters as it goes.</summary>
internal sealed class SqlSearchBuilder(SqlDialect dialect, string run)
{
    private readonly SqlComparisonWriter _sql = new(dialect);
    private readonly List<string> _joins = [];

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _sql.Parameters;

    /// <summary>The LEFT JOINs the ORDER BY list reads its metric / param / tag sort keys from ("" when none).</summary>
    public string Joins => string.Join(" ", _joins);

    private string P(object value) => _sql.P(value);

    private string StringCompare(string x, Comparison c) => _sql.String(x, c);

    private static string NumericOp(Comparator op) => SqlComparisonWriter.NumericOperator(op);

    /// <summary>
    /// The WHERE expression of a conjunction. Each metric / param / tag clause selects the ids of its runs from a covering
    /// (key, value, run) index. On SQLite, two or more of them are combined into one <c>IN (… INTERSECT …)</c>, so only
    /// the runs matching all of them are looked up (measured: about 40 % less work than one <c>IN</c> per clause);
    /// PostgreSQL already hash-joins the separate <c>IN</c> subqueries.
    /// </summary>
    public string Where(IReadOnlyList<Comparison> clauses)
    {
        if (clauses.Count == 0) return "1 = 1";
        var parts = new List<string>();
        var runSets = new List<string>();
        foreach (var c in clauses)
        {
            if (RunIds(c) is { } ids) runSets.Add(ids);
            else parts.Add(Clause(c));
        }
        if (dialect.Kind == StoreKind.Sqlite && runSets.Count > 1)
            parts.Add($"{run}.run_uuid IN ({string.Join(" INTERSECT ", runSets)})");
        else
            parts.AddRange(runSets.Select(ids => $"{run}.run_uuid IN ({ids})"));
        return string.Join(" AND ", parts.Select(p => "(" + p + ")"));
    }

    private string Clause(Comparison c) => c.Kind switch
    {
        EntityKind.Metric => "1 = 0", // a NaN literal: NaN never satisfies a comparison (other metric clauses are run-id sets)
        EntityKind.Dataset => DatasetClause(c),
        _ => AttributeClause(c),
    };

    /// <summary>The query of the ids of the runs satisfying a metric / param / tag clause; null for other clauses.</summary>
    private string? RunIds(Comparison c) => c.Kind switch
    {
        EntityKind.Metric when !double.IsNaN(c.Value.Number) =>
            $"SELECT q_m.run_uuid FROM latest_metrics q_m WHERE q_m.key = {P(c.Key)} " +
            $"AND q_m.is_nan = 0 AND q_m.value {NumericOp(c.Op)} {P(c.Value.Number)}",
        EntityKind.Param => KeyValueRunIds("params", "q_p", c),
        EntityKind.Tag => KeyValueRunIds("tags", "q_t", c),
        _ => null,
    };

    /// <summary>Holds when any of the run's inputs satisfies the comparison; <c>context</c> is the input tag <c>mlflow.data.context</c>.</summary>
    private string DatasetClause(Comparison c) => c.Key switch
    {
        "context" => $"EXISTS (SELECT 1 FROM run_input_tags q_c WHERE q_c.run_uuid = {run}.run_uuid AND q_c.key = {P(SqlSearchCompiler.DatasetContextTagKey)} " +
                     $"AND {StringCompare("q_c.value", c)})",
        "name" or "digest" => "EXISTS (SELECT 1 FROM run_inputs q_i JOIN datasets q_d ON q_d.dataset_id = q_i.dataset_id " +
                              $"WHERE q_i.run_uuid = {run}.run_uuid AND {StringCompare("q_d." + c.Key, c)})",
        _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Invalid dataset key '{c.Key}' for the SQL store"),
    };

    // Uncorrelated: the database can compute the matching run ids from the covering (key, value, run) index once and
    // drive the search from the smallest set, instead of probing every run of the experiment.
    private string KeyValueRunIds(string table, string alias, Comparison c) =>
        $"SELECT {alias}.run_uuid FROM {table} {alias} WHERE {alias}.key = {P(c.Key)} AND {StringCompare($"{alias}.value", c)}";

    private string AttributeClause(Comparison c)
    {
        switch (c.Key)
        {
            case "start_time":
            case "end_time":
                // end_time may be NULL: the comparison is then NULL, i.e. false (a missing value).
                if (double.IsNaN(c.Value.Number)) return "1 = 0";
                return $"{run}.{c.Key} IS NOT NULL AND {run}.{c.Key} {NumericOp(c.Op)} {P(c.Value.Number)}";
        }
        string column = c.Key switch
        {
            "run_id" => $"{run}.run_uuid",
            "run_name" => RunNameExpression(),
            "status" => $"{run}.status",
            "user_id" => $"{run}.user_id",
            "artifact_uri" => $"{run}.artifact_uri",
            _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Invalid attribute key '{c.Key}' for the SQL store"),
        };
        return StringCompare(column, c);
    }

    /// <summary>The name search sees: the mlflow.runName tag if present, else the name column.</summary>
    private string RunNameExpression() =>
        $"COALESCE((SELECT q_n.value FROM tags q_n WHERE q_n.run_uuid = {run}.run_uuid AND q_n.key = {P(SqlSearchCompiler.RunNameTagKey)}), {run}.name)";

    /// <summary>The ORDER BY list: each clause, then start_time DESC unless ordered on, then run_id ASC.</summary>
    public string Order(IReadOnlyList<OrderClause> clauses)
    {
        var parts = new List<string>();
        foreach (var c in clauses) parts.Add(OrderItem(c));
        if (!clauses.Any(c => c.Kind == EntityKind.Attribute && c.Key == "start_time"))
            parts.Add($"{run}.start_time DESC");
        parts.Add($"{run}.run_uuid{Collate} ASC");
        return string.Join(", ", parts);
    }

    private string Collate => _sql.Collate;

    private static string Dir(bool ascending) => ascending ? "ASC" : "DESC";

    private string OrderItem(OrderClause c)
    {
        string dir = Dir(c.Ascending);
        if (c.Kind is EntityKind.Metric or EntityKind.Param or EntityKind.Tag)
        {
            string table = c.Kind switch { EntityKind.Metric => "latest_metrics", EntityKind.Param => "params", _ => "tags" };
            string alias = SortKeyJoin(table, c.Key);
            // Rank 0 = a number, 1 = NaN, 2 = missing; NaN rows store value 0, so they tie among themselves.
            return c.Kind == EntityKind.Metric
                ? $"COALESCE({alias}.is_nan, 2) ASC, {alias}.value {dir}"
                : NullsLast($"{alias}.value", dir);
        }
        return c.Key switch
        {
            "start_time" => $"{run}.start_time {dir}",
            "end_time" => $"CASE WHEN {run}.end_time IS NULL THEN 1 ELSE 0 END ASC, {run}.end_time {dir}",
            "run_id" => $"{run}.run_uuid{Collate} {dir}",
            "run_name" => NullsLast(RunNameExpression(), dir),
            "status" or "user_id" or "artifact_uri" => $"{run}.{c.Key}{Collate} {dir}",
            _ => throw new QuarryException(ErrorCode.InvalidParameter, $"Invalid order_by attribute '{c.Key}' for the SQL store"),
        };
    }

    /// <summary>
    /// Joins the row of <paramref name="table"/> holding <paramref name="key"/> for each run (at most one: (run, key) is
    /// the primary key) and returns its alias. A join, not a correlated subquery per sort key and run: PostgreSQL then
    /// reads the key's rows once and hash-joins them, instead of two index probes per run (measured on 50,000 runs).
    /// </summary>
    private string SortKeyJoin(string table, string key)
    {
        string alias = "q_o" + _joins.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _joins.Add($"LEFT JOIN {table} {alias} ON {alias}.run_uuid = {run}.run_uuid AND {alias}.key = {P(key)}");
        return alias;
    }

    /// <summary>A string sort key with missing (NULL) values last in both directions.</summary>
    private string NullsLast(string value, string dir) =>
        $"CASE WHEN {value} IS NULL THEN 1 ELSE 0 END ASC, {value}{Collate} {dir}";
}
