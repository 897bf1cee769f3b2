using System.Collections.Concurrent;
using System.Data.Common;
using Quarry.Optimization.Distributions;
using Quarry.Storage;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// Reads whole trials with ONE statement whatever their number: a UNION ALL of the trial rows and of their params,
/// intermediate values and user/system attributes (one branch per table, each restricted by the same filter), never
/// one query per trial. One statement means one snapshot on both engines, so every trial comes with exactly the
/// children it had at that instant. (One statement rather than a multi-statement batch also keeps Npgsql's
/// synchronous I/O on a blocking socket: a sync batch switches the pooled socket to non-blocking mode for good, after
/// which every call spins.) Thread-safe.
/// </summary>
sealed class TrialLoader
{
    const int MaxCachedDistributions = 10_000;
    const int KindStudy = -1, KindTrial = 0, KindParam = 1, KindIntermediate = 2, KindUserAttr = 3, KindSystemAttr = 4;
    readonly ConcurrentDictionary<string, Distribution> _distributions = new(StringComparer.Ordinal);
    readonly SqlDialect _dialect;

    public TrialLoader(SqlDialect dialect) => _dialect = dialect;

    /// <summary>
    /// Loads the trials matching <paramref name="filter"/> (a SQL condition on alias <c>t</c> of <c>trials</c>, using the
    /// parameters that <paramref name="bind"/> adds), in number order. With <paramref name="studyCheck"/>, the same
    /// statement also tells whether study <c>@study</c> exists (else <c>StudyExists</c> is true).
    /// </summary>
    public (bool StudyExists, List<(long StudyId, FrozenTrial Trial)> Trials) Load(DbConnection connection, string filter, Action<DbCommand> bind, bool studyCheck = false)
    {
        string time = _dialect.TimestampType, real = _dialect.DoubleType;
        string sql = $"""
            {(studyCheck ? $"SELECT {KindStudy} AS kind, COUNT(*) AS id, 0 AS n, CAST(NULL AS VARCHAR(512)) AS s1, CAST(NULL AS {real}) AS d, CAST(NULL AS TEXT) AS s2, CAST(NULL AS {time}) AS t1, CAST(NULL AS {time}) AS t2, 0 AS sid FROM studies WHERE study_id = @study UNION ALL" : "")}
            SELECT {KindTrial}, t.trial_id, t.number, t.state, t.value, t.value_type, t.datetime_start, t.datetime_complete, t.study_id FROM trials t WHERE {filter}
            UNION ALL SELECT {KindParam}, x.trial_id, 0, x.param_name, x.param_value, x.distribution_json, NULL, NULL, NULL
                FROM trial_params x JOIN trials t ON t.trial_id = x.trial_id WHERE {filter}
            UNION ALL SELECT {KindIntermediate}, x.trial_id, x.step, NULL, x.intermediate_value, x.intermediate_value_type, NULL, NULL, NULL
                FROM trial_intermediate_values x JOIN trials t ON t.trial_id = x.trial_id WHERE {filter}
            UNION ALL SELECT {KindUserAttr}, x.trial_id, 0, x.key, NULL, x.value_json, NULL, NULL, NULL
                FROM trial_user_attributes x JOIN trials t ON t.trial_id = x.trial_id WHERE {filter}
            UNION ALL SELECT {KindSystemAttr}, x.trial_id, 0, x.key, NULL, x.value_json, NULL, NULL, NULL
                FROM trial_system_attributes x JOIN trials t ON t.trial_id = x.trial_id WHERE {filter}
            ORDER BY 1, 2, 3, 4
            """;
        using var cmd = connection.Sql(sql);
        bind(cmd);
        using var reader = cmd.ExecuteReader();
        bool exists = !studyCheck;
        var rows = new List<Row>();
        var byId = new Dictionary<long, Row>();
        while (reader.Read())
        {
            int kind = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            long id = reader.GetInt64(1);
            if (kind == KindStudy)
            {
                exists = id > 0;
                continue;
            }
            if (kind == KindTrial)
            {
                var row = new Row(id, reader.GetInt32(2), SqlCodec.State(reader.GetString(3)),
                    SqlCodec.Decode(NullableDouble(reader, 4), reader.IsDBNull(5) ? null : reader.GetString(5)),
                    _dialect.ReadTimestamp(reader, 6), _dialect.ReadTimestamp(reader, 7), reader.GetInt64(8));
                rows.Add(row);
                byId[id] = row;
                continue;
            }
            if (!byId.TryGetValue(id, out var owner)) continue;
            switch (kind)
            {
                case KindParam:
                    string name = reader.GetString(3);
                    owner.Params[name] = reader.GetDouble(4);
                    owner.Distributions[name] = ParseDistribution(reader.GetString(5));
                    break;
                case KindIntermediate:
                    owner.Intermediate[reader.GetInt32(2)] = SqlCodec.Decode(NullableDouble(reader, 4), reader.GetString(5))!.Value;
                    break;
                case KindUserAttr:
                    owner.UserAttrs[reader.GetString(3)] = reader.GetString(5);
                    break;
                case KindSystemAttr:
                    owner.SystemAttrs[reader.GetString(3)] = reader.GetString(5);
                    break;
            }
        }
        rows.Sort((a, b) => a.Number.CompareTo(b.Number));
        return (exists, rows.ConvertAll(r => (r.StudyId, r.Freeze())));
    }

    static double? NullableDouble(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>The distribution for a stored JSON text; identical texts share one parsed instance.</summary>
    public Distribution ParseDistribution(string json)
    {
        if (_distributions.TryGetValue(json, out var known)) return known;
        var parsed = Distribution.FromJson(json);
        if (_distributions.Count < MaxCachedDistributions) _distributions.TryAdd(json, parsed);
        return parsed;
    }

    sealed class Row(long trialId, int number, TrialState state, double? value, DateTime? start, DateTime? complete, long studyId)
    {
        public long StudyId => studyId;
        public int Number => number;
        public readonly Dictionary<string, double> Params = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Distribution> Distributions = new(StringComparer.Ordinal);
        public readonly Dictionary<int, double> Intermediate = [];
        public readonly Dictionary<string, string> UserAttrs = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> SystemAttrs = new(StringComparer.Ordinal);

        public FrozenTrial Freeze() =>
            new(trialId, number, state, value, Params.Snapshot(), Distributions.Snapshot(), Intermediate.Snapshot(), UserAttrs.Snapshot(),
                SystemAttrs.Snapshot(), start, complete);
    }
}
