using System.Collections.Concurrent;
using System.Data.Common;
using Quarry.Optimization.Distributions;
using Quarry.Storage;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// Reads whole trials in one round trip: one query per table (trials, params, intermediate values, user and system
/// attributes) restricted by the same filter, never one query per trial. The trial rows are read first, so a trial
/// read as finished always comes with all its children (they were written before it finished). Thread-safe.
/// </summary>
sealed class TrialLoader
{
    const int MaxCachedDistributions = 10_000;
    readonly ConcurrentDictionary<string, Distribution> _distributions = new(StringComparer.Ordinal);
    readonly SqlDialect _dialect;

    public TrialLoader(SqlDialect dialect) => _dialect = dialect;

    /// <summary>
    /// Loads the trials matching <paramref name="filter"/> (a SQL condition on alias <c>t</c> of <c>trials</c>, using
    /// the parameters that <paramref name="bind"/> adds), in number order. When <paramref name="prefix"/> is given, it
    /// runs first in the same command and <paramref name="readPrefix"/> consumes its result.
    /// </summary>
    public List<FrozenTrial> Load(DbConnection connection, string filter, Action<DbCommand> bind,
        string? prefix = null, Action<DbDataReader>? readPrefix = null)
    {
        string sql = $"""
            {prefix}
            SELECT t.trial_id, t.number, t.state, t.value, t.value_type, t.datetime_start, t.datetime_complete FROM trials t WHERE {filter} ORDER BY t.number;
            SELECT x.trial_id, x.param_name, x.param_value, x.distribution_json FROM trial_params x JOIN trials t ON t.trial_id = x.trial_id WHERE {filter} ORDER BY x.trial_id, x.param_name;
            SELECT x.trial_id, x.step, x.intermediate_value, x.intermediate_value_type FROM trial_intermediate_values x JOIN trials t ON t.trial_id = x.trial_id WHERE {filter} ORDER BY x.trial_id, x.step;
            SELECT x.trial_id, x.key, x.value_json FROM trial_user_attributes x JOIN trials t ON t.trial_id = x.trial_id WHERE {filter};
            SELECT x.trial_id, x.key, x.value_json FROM trial_system_attributes x JOIN trials t ON t.trial_id = x.trial_id WHERE {filter}
            """;
        using var cmd = connection.Sql(sql);
        bind(cmd);
        using var reader = cmd.ExecuteReader();
        if (prefix is not null)
        {
            readPrefix?.Invoke(reader);
            reader.NextResult();
        }
        var rows = new List<Row>();
        var byId = new Dictionary<long, Row>();
        while (reader.Read())
        {
            var row = new Row(reader.GetInt64(0), reader.GetInt32(1), SqlCodec.State(reader.GetString(2)),
                SqlCodec.Decode(reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetString(4)),
                _dialect.ReadTimestamp(reader, 5), _dialect.ReadTimestamp(reader, 6));
            rows.Add(row);
            byId[row.TrialId] = row;
        }
        reader.NextResult();
        while (reader.Read())
            if (byId.TryGetValue(reader.GetInt64(0), out var row))
            {
                string name = reader.GetString(1);
                row.Params[name] = reader.GetDouble(2);
                row.Distributions[name] = ParseDistribution(reader.GetString(3));
            }
        reader.NextResult();
        while (reader.Read())
            if (byId.TryGetValue(reader.GetInt64(0), out var row))
                row.Intermediate[reader.GetInt32(1)] = SqlCodec.Decode(reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetString(3))!.Value;
        reader.NextResult();
        while (reader.Read())
            if (byId.TryGetValue(reader.GetInt64(0), out var row)) row.UserAttrs[reader.GetString(1)] = reader.GetString(2);
        reader.NextResult();
        while (reader.Read())
            if (byId.TryGetValue(reader.GetInt64(0), out var row)) row.SystemAttrs[reader.GetString(1)] = reader.GetString(2);
        return rows.ConvertAll(r => r.Freeze());
    }

    /// <summary>The distribution for a stored JSON text; identical texts share one parsed instance.</summary>
    public Distribution ParseDistribution(string json)
    {
        if (_distributions.TryGetValue(json, out var known)) return known;
        var parsed = Distribution.FromJson(json);
        if (_distributions.Count < MaxCachedDistributions) _distributions.TryAdd(json, parsed);
        return parsed;
    }

    sealed class Row(long trialId, int number, TrialState state, double? value, DateTime? start, DateTime? complete)
    {
        public long TrialId => trialId;
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
