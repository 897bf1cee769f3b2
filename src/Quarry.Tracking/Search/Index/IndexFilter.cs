using Quarry.Tracking.Search.Internal;

namespace Quarry.Tracking.Search.Index;

/// <summary>
/// Narrows a list of candidate rows of an <see cref="ExperimentIndex"/> to those satisfying a clause, with the in-memory
/// evaluator's semantics (<see cref="SearchFilter.Matches"/>): numeric clauses scan a column, string clauses are
/// evaluated once per distinct value and mapped over the codes. Each method keeps the matching rows at the front of
/// <c>rows</c>, in order, and returns how many; -1 means SQL must answer this search (<see cref="SqlParity"/>).
/// </summary>
internal static class IndexFilter
{
    /// <summary>Fills <paramref name="rows"/> with the rows in the lifecycle stages of <paramref name="view"/>; returns their count.</summary>
    public static int Init(ExperimentIndex index, ViewType view, int[] rows)
    {
        int n = 0;
        var deleted = index.Deleted;
        for (int r = 0; r < index.Count; r++)
        {
            bool keep = view switch { ViewType.ActiveOnly => !deleted[r], ViewType.DeletedOnly => deleted[r], _ => true };
            if (keep) rows[n++] = r;
        }
        return n;
    }

    public static int Apply(ExperimentIndex index, Comparison c, int[] rows, int n)
    {
        if (!SqlParity.Agrees(c)) return -1;
        return c.Kind switch
        {
            EntityKind.Metric => index.Metrics.TryGetValue(c.Key, out var m) ? Numbers(m.Values, c.Op, c.Value.Number, rows, n) : 0,
            EntityKind.Param => index.Params.TryGetValue(c.Key, out var p) ? Strings(p, c, rows, n) : 0,
            EntityKind.Tag => index.Tags.TryGetValue(c.Key, out var t) ? Strings(t, c, rows, n) : 0,
            EntityKind.Attribute => Attribute(index, c, rows, n),
            _ => -1,
        };
    }

    static int Attribute(ExperimentIndex index, Comparison c, int[] rows, int n) => c.Key switch
    {
        "start_time" => Times(index.StartTimes, null, c, rows, n),
        "end_time" => Times(index.EndTimes, index.HasEnd, c, rows, n),
        "status" => Strings(index.Statuses, c, rows, n),
        "user_id" => Strings(index.Users, c, rows, n),
        "artifact_uri" => Strings(index.ArtifactUris, c, rows, n),
        "run_name" => RunNames(index, c, rows, n),
        "run_id" => RunIds(index.RunIds, c, rows, n),
        _ => -1,
    };

    /// <summary>IEEE comparisons: the NaN a column holds for NaN and missing values satisfies none (<c>!=</c> included).</summary>
    static int Numbers(double[] values, Comparator op, double x, int[] rows, int n)
    {
        if (double.IsNaN(x)) return 0;
        int k = 0;
        switch (op)
        {
            case Comparator.Equal: for (int j = 0; j < n; j++) { int r = rows[j]; if (values[r] == x) rows[k++] = r; } break;
            case Comparator.NotEqual: for (int j = 0; j < n; j++) { int r = rows[j]; double v = values[r]; if (v < x || v > x) rows[k++] = r; } break;
            case Comparator.Greater: for (int j = 0; j < n; j++) { int r = rows[j]; if (values[r] > x) rows[k++] = r; } break;
            case Comparator.GreaterOrEqual: for (int j = 0; j < n; j++) { int r = rows[j]; if (values[r] >= x) rows[k++] = r; } break;
            case Comparator.Less: for (int j = 0; j < n; j++) { int r = rows[j]; if (values[r] < x) rows[k++] = r; } break;
            case Comparator.LessOrEqual: for (int j = 0; j < n; j++) { int r = rows[j]; if (values[r] <= x) rows[k++] = r; } break;
            default: return -1;
        }
        return k;
    }

    static int Times(long[] times, bool[]? present, Comparison c, int[] rows, int n)
    {
        int k = 0;
        for (int j = 0; j < n; j++)
        {
            int r = rows[j];
            if ((present is null || present[r]) && ComparisonEvaluator.CompareNumber(times[r], c.Op, c.Value.Number)) rows[k++] = r;
        }
        return k;
    }

    static int Strings(StringColumn column, Comparison c, int[] rows, int n)
    {
        if (column.Match(c) is not { } match) return -1;
        var codes = column.Codes;
        int k = 0;
        for (int j = 0; j < n; j++)
        {
            int r = rows[j], code = codes[r];
            if (code >= 0 && match[code]) rows[k++] = r;
        }
        return k;
    }

    /// <summary>The name search sees: the <c>mlflow.runName</c> tag when the run has it, else the name column.</summary>
    static int RunNames(ExperimentIndex index, Comparison c, int[] rows, int n)
    {
        var tag = index.Tags.GetValueOrDefault(SqlSearchCompiler.RunNameTagKey);
        bool[]? tagMatch = tag?.Match(c), nameMatch = index.Names.Match(c);
        if ((tag is not null && tagMatch is null) || nameMatch is null) return -1;
        var nameCodes = index.Names.Codes;
        int k = 0;
        for (int j = 0; j < n; j++)
        {
            int r = rows[j], code = tag is null ? -1 : tag.Codes[r];
            bool keep = code >= 0 ? tagMatch![code] : nameCodes[r] >= 0 && nameMatch[nameCodes[r]];
            if (keep) rows[k++] = r;
        }
        return k;
    }

    static int RunIds(string[] ids, Comparison c, int[] rows, int n)
    {
        int k = 0;
        for (int j = 0; j < n; j++)
        {
            int r = rows[j];
            if (!SqlParity.Agrees(ids[r], c.Op)) return -1;
            if (ComparisonEvaluator.CompareString(ids[r], c)) rows[k++] = r;
        }
        return k;
    }
}
