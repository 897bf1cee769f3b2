using System.Globalization;
using System.Text;
using Quarry.Tracking.Search;

namespace Quarry.Tracking.Tests.Search;

/// <summary>Differential checks: SQL search (compiled) versus the in-memory evaluator (SearchFilter.Filter then OrderBy.Sort).</summary>
internal static class SqlSearchDifferential
{
    public static string[] InMemory(IEnumerable<RunView> runs, SearchFilter filter, IReadOnlyList<OrderClause> orderBy) =>
        [.. OrderBy.Sort(filter.Filter(runs), orderBy).Select(r => r.RunId)];

    public static void AssertScenario(SqlSearchDatabase db, SqlSearchScenarios.Scenario scenario, bool indexed = false)
    {
        db.Insert(scenario.Runs);
        foreach (var (filter, orderBy) in scenario.Cases)
        {
            var f = SearchFilter.Parse(filter);
            var o = OrderBy.Parse(orderBy);
            var expected = InMemory(scenario.Runs, f, o);
            var actual = indexed ? db.SearchIndexed(filter, orderBy) : db.Search(f, o);
            Assert.True(expected.SequenceEqual(actual),
                $"{scenario.Name}: filter \"{filter}\" order [{string.Join(", ", orderBy)}]: expected [{string.Join(", ", expected)}], {(indexed ? "the index" : "SQL")} gave [{string.Join(", ", actual)}]");
        }
    }

    public static void AssertRandom(SqlSearchDatabase db, int seed, int rounds, int queriesPerRound, bool indexed = false)
    {
        var rng = new Random(seed);
        for (int round = 0; round < rounds; round++)
        {
            var runs = RandomRuns(rng, rng.Next(1, 12));
            db.Insert(runs);
            for (int q = 0; q < queriesPerRound; q++)
            {
                string filter = RandomFilter(rng, runs);
                string[] orderBy = RandomOrder(rng);
                var f = SearchFilter.Parse(filter);
                var o = OrderBy.Parse(orderBy);
                var expected = InMemory(runs, f, o);
                var actual = indexed ? db.SearchIndexed(filter, orderBy) : db.Search(f, o);
                Assert.True(expected.SequenceEqual(actual),
                    $"seed {seed} round {round}: filter \"{filter}\" order [{string.Join(", ", orderBy)}]: expected [{string.Join(", ", expected)}], {(indexed ? "the index" : "SQL")} gave [{string.Join(", ", actual)}]");
            }
        }
    }

    private static readonly string[] Atoms = ["a", "A", "b", "B", "ab", "%", "_", "*", "?", "[", "]", "\\", " x", "é", "'"];
    private static readonly string[] Keys = ["k1", "k2", "k.3"];
    private static readonly string[] MetricKeys = ["m1", "m2"];
    private static readonly double[] MetricValues = [double.NegativeInfinity, -1, 0, 0.5, 1, 2, double.PositiveInfinity, double.NaN];
    private static readonly string[] Literals = ["-1", "0", "0.5", "1", "2", "1e999", "-1e999", "0.0"];
    private static readonly string[] Statuses = ["RUNNING", "FINISHED", "FAILED", "KILLED", "SCHEDULED"];
    private static readonly string[] Ops = ["=", "!=", "LIKE", "ILIKE"];
    private static readonly string[] NumOps = ["=", "!=", ">", ">=", "<", "<="];

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static string RandomText(Random rng, int maxAtoms, bool pattern)
    {
        var sb = new StringBuilder();
        int n = rng.Next(0, maxAtoms + 1);
        for (int i = 0; i < n; i++)
        {
            if (pattern && rng.Next(3) == 0) sb.Append(rng.Next(2) == 0 ? "%" : "_");
            else sb.Append(Pick(rng, Atoms));
        }
        return sb.ToString();
    }

    private static Dictionary<string, string> RandomMap(Random rng)
    {
        var map = new Dictionary<string, string>();
        foreach (var k in Keys) if (rng.Next(2) == 0) map[k] = RandomText(rng, 3, pattern: false);
        return map;
    }

    private static RunView[] RandomRuns(Random rng, int count)
    {
        var runs = new RunView[count];
        for (int i = 0; i < count; i++)
        {
            var tags = RandomMap(rng);
            if (rng.Next(3) == 0) tags["mlflow.runName"] = RandomText(rng, 2, pattern: false);
            var metrics = new Dictionary<string, double>();
            foreach (var k in MetricKeys) if (rng.Next(3) > 0) metrics[k] = Pick(rng, MetricValues);
            runs[i] = new RunView($"{rng.Next(0x10000):x4}{i:x2}")
            {
                RunName = RandomText(rng, 2, pattern: false),
                Status = Pick(rng, Statuses),
                StartTime = rng.Next(0, 4),
                EndTime = rng.Next(3) == 0 ? null : rng.Next(-2, 4),
                UserId = Pick(rng, new[] { "alice", "Bob", "" }),
                ArtifactUri = "s3://b/" + RandomText(rng, 2, pattern: false),
                Params = RandomMap(rng),
                Tags = tags,
                Metrics = metrics,
                Datasets = RandomDatasets(rng),
            };
        }
        return runs;
    }

    private static readonly string[] DatasetNames = ["ds", "Ds", "d_s", "prices"];
    private static readonly string[] Contexts = ["train", "eval", "Train"];

    /// <summary>Up to three inputs with distinct (name, digest), as a store holds them; the context is sometimes absent.</summary>
    private static DatasetInput[] RandomDatasets(Random rng)
    {
        var inputs = new Dictionary<(string, string), DatasetInput>();
        for (int i = rng.Next(0, 4); i > 0; i--)
        {
            string name = Pick(rng, DatasetNames), digest = "d" + rng.Next(3).ToString(CultureInfo.InvariantCulture);
            inputs.TryAdd((name, digest), new DatasetInput(name, digest, rng.Next(4) == 0 ? null : Pick(rng, Contexts)));
        }
        return [.. inputs.Values];
    }

    private static string Quote(string s) => s.Contains('\'', StringComparison.Ordinal) ? $"\"{s}\"" : $"'{s}'";

    private static string QuoteKey(string k) => k.Contains('.', StringComparison.Ordinal) ? $"`{k}`" : k;

    private static string RandomClause(Random rng, RunView[] runs)
    {
        var run = Pick(rng, runs);
        switch (rng.Next(10))
        {
            case 9:
            {
                string key = Pick(rng, new[] { "name", "digest", "context" });
                string op = Pick(rng, new[] { "=", "!=", "LIKE", "ILIKE", "IN", "NOT IN" });
                string value = key switch { "name" => Pick(rng, DatasetNames), "digest" => "d" + rng.Next(3).ToString(CultureInfo.InvariantCulture), _ => Pick(rng, Contexts) };
                if (op is "LIKE" or "ILIKE") value = Derive(rng, value);
                return op.EndsWith("IN", StringComparison.Ordinal)
                    ? $"datasets.{key} {op} ({Quote(value)}, {Quote(Pick(rng, Contexts))})"
                    : $"{Pick(rng, new[] { "dataset", "datasets" })}.{key} {op} {Quote(value)}";
            }
            case 0:
                return $"metrics.{Pick(rng, MetricKeys)} {Pick(rng, NumOps)} {Pick(rng, Literals)}";
            case 1:
                return $"params.{QuoteKey(Pick(rng, Keys))} {Pick(rng, Ops)} {Quote(RandomText(rng, 3, pattern: true))}";
            case 2:
                return $"tags.{QuoteKey(Pick(rng, Keys))} {Pick(rng, Ops)} {Quote(RandomText(rng, 3, pattern: true))}";
            case 3:
                return $"attributes.{Pick(rng, new[] { "start_time", "end_time", "created" })} {Pick(rng, NumOps)} {rng.Next(-2, 4)}";
            case 4:
                return $"attributes.{Pick(rng, new[] { "run_name", "user_id", "artifact_uri", "status" })} {Pick(rng, Ops)} " +
                       Quote(rng.Next(2) == 0 ? Pick(rng, Statuses.Concat(["alice", "bob", "Bob", "%", "%b%", "s3://b/%"]).ToArray()) : RandomText(rng, 3, pattern: true));
            case 5:
                return $"tags.`mlflow.runName` {Pick(rng, Ops)} {Quote(RandomText(rng, 2, pattern: true))}";
            case 6:
            {
                var key = Pick(rng, Keys);
                bool param = rng.Next(2) == 0;
                var source = param ? run.Params : run.Tags;
                string value = source.TryGetValue(key, out var v) ? Derive(rng, v) : RandomText(rng, 3, pattern: true);
                return $"{(param ? "params" : "tags")}.{QuoteKey(key)} {Pick(rng, Ops)} {Quote(value)}";
            }
            case 7:
                return $"attributes.run_name {Pick(rng, Ops)} {Quote(Derive(rng, run.EffectiveRunName ?? ""))}";
            default:
                return $"attributes.run_id {Pick(rng, new[] { "IN", "NOT IN", "=", "!=", "LIKE" })} " +
                       (rng.Next(2) == 0 ? "('" + string.Join("', '", Enumerable.Range(0, rng.Next(1, 3)).Select(_ => $"{rng.Next(0x10000):x4}0{rng.Next(3)}")) + "')" : "'%0%'");
        }
    }

    /// <summary>A pattern built from an existing value (ASCII case only: SQLite ILIKE folds ASCII only): case flipped, characters replaced by '_', '%' around or inside.</summary>
    private static string Derive(Random rng, string value)
    {
        var sb = new StringBuilder();
        foreach (char ch in value)
        {
            int r = rng.Next(8);
            sb.Append(r switch
            {
                0 => "_",
                1 when char.IsAscii(ch) => char.IsUpper(ch) ? char.ToLowerInvariant(ch).ToString() : char.ToUpperInvariant(ch).ToString(),
                2 => "%",
                _ => ch.ToString(),
            });
        }
        if (rng.Next(3) == 0) sb.Insert(0, '%');
        if (rng.Next(3) == 0) sb.Append('%');
        return sb.ToString();
    }

    private static string RandomFilter(Random rng, RunView[] runs)
    {
        int n = rng.Next(0, 4);
        return string.Join(" AND ", Enumerable.Range(0, n).Select(_ => RandomClause(rng, runs)))
            .Replace("run_id = ('", "run_id IN ('", StringComparison.Ordinal)
            .Replace("run_id != ('", "run_id NOT IN ('", StringComparison.Ordinal)
            .Replace("run_id LIKE ('", "run_id IN ('", StringComparison.Ordinal)
            .Replace("run_id IN '", "run_id LIKE '", StringComparison.Ordinal)
            .Replace("run_id NOT IN '", "run_id LIKE '", StringComparison.Ordinal);
    }

    private static readonly string[] OrderFields =
    [
        "metrics.m1", "metrics.m2", "params.k1", "params.`k.3`", "tags.k2", "tags.`mlflow.runName`", "attributes.run_name",
        "attributes.start_time", "attributes.end_time", "attributes.status", "attributes.user_id", "attributes.artifact_uri", "attributes.run_id",
    ];

    private static string[] RandomOrder(Random rng)
    {
        int n = rng.Next(0, 3);
        return [.. OrderFields.OrderBy(_ => rng.Next()).Take(n).Select(f => f + Pick(rng, new[] { "", " ASC", " DESC" }))];
    }

    public static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
