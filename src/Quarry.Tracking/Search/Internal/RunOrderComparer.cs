namespace Quarry.Tracking.Search.Internal;

/// <summary>Compares runs by order_by clauses plus MLflow's tiebreak (start_time DESC unless listed, then run_id ASC).</summary>
internal sealed class RunOrderComparer : IComparer<RunView>
{
    private readonly List<OrderClause> _clauses;

    public RunOrderComparer(IReadOnlyList<OrderClause> clauses)
    {
        _clauses = [.. clauses];
        if (!_clauses.Any(c => c.Kind == EntityKind.Attribute && c.Key == "start_time"))
            _clauses.Add(new OrderClause(EntityKind.Attribute, "start_time", Ascending: false));
        _clauses.Add(new OrderClause(EntityKind.Attribute, "run_id", Ascending: true));
    }

    public int Compare(RunView? x, RunView? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        foreach (var c in _clauses)
        {
            int r = CompareBy(c, x, y);
            if (r != 0) return r;
        }
        return 0;
    }

    private static int CompareBy(OrderClause c, RunView x, RunView y)
    {
        if (c.Kind == EntityKind.Metric || (c.Kind == EntityKind.Attribute && SearchKeys.IsNumericAttribute(c.Key)))
            return CompareNumbers(NumberOf(c, x), NumberOf(c, y), c.Ascending);
        return CompareStrings(StringOf(c, x), StringOf(c, y), c.Ascending);
    }

    /// <summary>Missing last in both directions; NaN after every number but before missing.</summary>
    private static int CompareNumbers(double? a, double? b, bool asc)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : 1) : -1;
        bool an = double.IsNaN(a.Value), bn = double.IsNaN(b.Value);
        if (an || bn) return an ? (bn ? 0 : 1) : -1;
        int r = a.Value.CompareTo(b.Value);
        return asc ? r : -r;
    }

    private static int CompareStrings(string? a, string? b, bool asc)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : 1) : -1;
        int r = string.CompareOrdinal(a, b);
        return asc ? r : -r;
    }

    private static double? NumberOf(OrderClause c, RunView run) => c.Kind switch
    {
        EntityKind.Metric => run.Metrics.TryGetValue(c.Key, out var v) ? v : null,
        _ => c.Key == "start_time" ? run.StartTime : run.EndTime,
    };

    private static string? StringOf(OrderClause c, RunView run) => c.Kind switch
    {
        EntityKind.Param => run.Params.GetValueOrDefault(c.Key),
        EntityKind.Tag => run.Tags.GetValueOrDefault(c.Key),
        _ => c.Key switch
        {
            "run_id" => run.RunId,
            "run_name" => run.EffectiveRunName,
            "status" => run.Status,
            "user_id" => run.UserId,
            "artifact_uri" => run.ArtifactUri,
            _ => null,
        },
    };
}
