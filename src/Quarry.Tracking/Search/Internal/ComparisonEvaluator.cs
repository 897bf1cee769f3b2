namespace Quarry.Tracking.Search.Internal;

/// <summary>In-memory evaluation of one comparison against a run (spec §1.2).</summary>
internal static class ComparisonEvaluator
{
    public static bool Matches(Comparison c, RunView run) => c.Kind switch
    {
        EntityKind.Metric => run.Metrics.TryGetValue(c.Key, out var m) && CompareNumber(m, c.Op, c.Value.Number),
        EntityKind.Param => run.Params.TryGetValue(c.Key, out var p) && CompareString(p, c),
        EntityKind.Tag => run.Tags.TryGetValue(c.Key, out var t) && CompareString(t, c),
        EntityKind.Dataset => run.Datasets.Any(d => DatasetField(d, c.Key) is { } v && CompareString(v, c)),
        _ => MatchesAttribute(c, run),
    };

    private static bool MatchesAttribute(Comparison c, RunView run)
    {
        switch (c.Key)
        {
            case "start_time": return CompareNumber(run.StartTime, c.Op, c.Value.Number);
            case "end_time": return run.EndTime is { } e && CompareNumber(e, c.Op, c.Value.Number);
        }
        string? value = c.Key switch
        {
            "run_id" => run.RunId,
            "run_name" => run.EffectiveRunName,
            "status" => run.Status,
            "user_id" => run.UserId,
            "artifact_uri" => run.ArtifactUri,
            _ => null,
        };
        return value is not null && CompareString(value, c);
    }

    private static string? DatasetField(DatasetInput d, string key) => key switch
    {
        "name" => d.Name,
        "digest" => d.Digest,
        _ => d.Context,
    };

    /// <summary>IEEE semantics: NaN on either side never satisfies a comparison (not even !=).</summary>
    public static bool CompareNumber(double x, Comparator op, double v)
    {
        if (double.IsNaN(x) || double.IsNaN(v)) return false;
        return op switch
        {
            Comparator.Equal => x == v,
            Comparator.NotEqual => x != v,
            Comparator.Greater => x > v,
            Comparator.GreaterOrEqual => x >= v,
            Comparator.Less => x < v,
            Comparator.LessOrEqual => x <= v,
            _ => false,
        };
    }

    internal static bool CompareString(string x, Comparison c) => c.Op switch
    {
        Comparator.Equal => string.Equals(x, c.Value.Text, StringComparison.Ordinal),
        Comparator.NotEqual => !string.Equals(x, c.Value.Text, StringComparison.Ordinal),
        Comparator.Like => Like(x, c.Value.Text, ignoreCase: false),
        Comparator.ILike => Like(x, c.Value.Text, ignoreCase: true),
        Comparator.In => c.Value.Items.Contains(x, StringComparer.Ordinal),
        Comparator.NotIn => !c.Value.Items.Contains(x, StringComparer.Ordinal),
        _ => false,
    };

    /// <summary>
    /// SQL LIKE: '%' = any run of characters, '_' = exactly one character, anchored at both ends; no escape character.
    /// Greedy wildcard matching with single backtrack point: O(input × pattern) worst case, no allocation.
    /// </summary>
    public static bool Like(string input, string pattern, bool ignoreCase)
    {
        int i = 0, p = 0, starP = -1, starI = 0;
        while (i < input.Length)
        {
            if (p < pattern.Length && pattern[p] == '%')
            {
                starP = p++;
                starI = i;
            }
            else if (p < pattern.Length && (pattern[p] == '_' || Same(input[i], pattern[p], ignoreCase)))
            {
                i++;
                p++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                i = ++starI;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '%') p++;
        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
