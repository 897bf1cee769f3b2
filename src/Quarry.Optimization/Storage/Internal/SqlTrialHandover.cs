using System.Data.Common;
using Npgsql;
using Quarry.Storage;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// <see cref="IStudyStorage.FinishAndStartTrial"/> on SQL: a worker's tell and its next start in one round trip.
/// <list type="bullet">
/// <item>PostgreSQL: one call of procedure <c>quarry_finish_and_start</c> (see <see cref="OptimizationSchema"/>), which
/// commits the tell synchronously, then starts the next trial in a second transaction that commits asynchronously, as
/// <see cref="SqlTrialStarter"/> does. When that start declines (budget reached, or a Waiting trial under a budget) the
/// exact start follows as its own call.</item>
/// <item>SQLite: one write transaction holds both (the database lock serialises writers anyway, so one commit is
/// cheaper than two); a study that no longer exists keeps the tell and throws NotFound.</item>
/// </list>
/// Either way a failed tell writes and starts nothing. Thread-safe.
/// </summary>
sealed class SqlTrialHandover(SqlRunner runner, SqlTrialWriter writer, SqlTrialStarter starter, DistributionJson json)
{
    /// <summary>
    /// The call, by which of parameters, intermediate values, user and system attributes the update holds (bits 0–3):
    /// an absent group is passed as NULL literals rather than empty arrays, as binding parameters is a good part of a
    /// call's client CPU and a worker's tell usually holds parameters only.
    /// </summary>
    static readonly string[] Calls = [.. Enumerable.Range(0, 16).Select(groups =>
        $"CALL quarry_finish_and_start(@t, @started::timestamptz, @state, @v, @vt, {Group(groups, 0, "@pn, @pv, @pd")}, " +
        $"{Group(groups, 1, "@is, @iv, @it")}, {Group(groups, 2, "@uk, @uv")}, {Group(groups, 3, "@ak, @av")}, " +
        "@hb, @study, @budget::integer, @shb, NULL, NULL, NULL, NULL, NULL, NULL)")];

    static string Group(int groups, int bit, string parameters) =>
        (groups & (1 << bit)) != 0 ? parameters : string.Join(", ", parameters.Split(", ").Select(_ => "NULL"));

    /// <summary>Finishes <paramref name="trialId"/> with <paramref name="update"/> and starts the next trial of <paramref name="studyId"/>.</summary>
    public FrozenTrial? Run(long trialId, TrialUpdate update, long studyId, int? budget, bool heartbeat)
    {
        TrialUpdate.CheckFinishes(update);
        if (runner.Dialect.Kind != StoreKind.PostgreSql)
        {
            (bool Found, SqlTrialStarter.CreatedRow? Row) start = default;
            writer.Apply(trialId, update, _ => runner.Write((c, tx) =>
            {
                var told = writer.UpdateInTransaction(c, tx, trialId, update);
                start = told.Written ? starter.StartLocked(c, tx, studyId, budget, heartbeat) : default;
                return told;
            }));
            return starter.Started(studyId, start);
        }
        SqlTrialStarter.CreatedRow? row = null;
        writer.Apply(trialId, update, started => runner.Run(c =>
        {
            int groups = (update.Params.Count > 0 ? 1 : 0) | (update.IntermediateValues.Count > 0 ? 2 : 0)
                | (update.UserAttributes.Count > 0 ? 4 : 0) | (update.SystemAttributes.Count > 0 ? 8 : 0);
            using var cmd = Bind(c.Sql(Calls[groups]), trialId, started, update, studyId, budget, heartbeat, json);
            using var r = cmd.ExecuteReader();
            r.Read();
            row = r.IsDBNull(2) ? null : new SqlTrialStarter.CreatedRow(r.GetInt64(2), r.GetInt32(3), runner.Dialect.ReadTimestamp(r, 4), null, r.GetBoolean(5));
            return (r.GetBoolean(0), runner.Dialect.ReadTimestamp(r, 1));
        }));
        return row is { } s ? starter.Started(studyId, (true, s)) : starter.Start(studyId, budget, heartbeat);
    }

    /// <summary>
    /// <see cref="IStudyStorage.FinishAndStartTrialPipelined"/>. PostgreSQL: one round trip of two statements, each its
    /// own transaction (an error barrier between them): the one-statement start (committed asynchronously, as always),
    /// then the tell as <see cref="SqlTrialWriter"/>'s one statement, committed synchronously. The start's row is read at
    /// once; the tell's answer stays on the connection, which the returned <see cref="PendingTell"/> holds until it reads
    /// it. A declined start takes the exact path at once, on another connection. SQLite: <see cref="Run"/>.
    /// </summary>
    public (FrozenTrial? Next, PendingTell Tell) RunPipelined(long trialId, TrialUpdate update, long studyId, int? budget, bool heartbeat)
    {
        if (runner.Dialect.Kind != StoreKind.PostgreSql) return (Run(trialId, update, studyId, budget, heartbeat), PendingTell.Acknowledged);
        TrialUpdate.CheckFinishes(update);
        writer.Check(trialId, update);
        var startedAt = writer.OwnedStart(trialId);
        var (startSql, bindStart) = starter.OneStatementStart(studyId, budget, heartbeat);
        var (tellSql, bindTell) = writer.OneStatement(trialId, startedAt, update);
        var connection = (NpgsqlConnection)runner.Factory.Open();
        NpgsqlDataReader? reader = null;
        SqlTrialStarter.CreatedRow? row;
        try
        {
            using (var batch = new NpgsqlBatch(connection) { EnableErrorBarriers = true })
            {
                batch.BatchCommands.Add(AsBatchCommand(connection, startSql, bindStart));
                batch.BatchCommands.Add(AsBatchCommand(connection, tellSql, bindTell));
                reader = batch.ExecuteReader();
            }
            row = starter.ReadStarted(reader);
        }
        catch
        {
            reader?.Dispose();
            connection.Dispose();
            throw;
        }
        var tell = new PendingTell(() =>
        {
            try
            {
                writer.Written(trialId, update, startedAt, () => reader.NextResult() ? writer.ReadWritten(reader) : (false, null));
            }
            finally
            {
                reader.Dispose();
                connection.Dispose();
            }
        });
        try
        {
            return (row is { } s ? starter.Started(studyId, (true, s)) : starter.Start(studyId, budget, heartbeat), tell);
        }
        catch
        {
            tell.Wait(); // a failed start keeps the tell: it is acknowledged (or its own error thrown) before the start's error
            throw;
        }
    }

    /// <summary><paramref name="sql"/> bound by <paramref name="bind"/>, as a batch command (the parameters move over).</summary>
    static NpgsqlBatchCommand AsBatchCommand(NpgsqlConnection connection, string sql, Func<DbCommand, DbCommand> bind)
    {
        using var cmd = bind(connection.Sql(sql));
        var batchCommand = new NpgsqlBatchCommand(sql);
        var parameters = cmd.Parameters.Cast<NpgsqlParameter>().ToList();
        cmd.Parameters.Clear();
        foreach (var p in parameters) batchCommand.Parameters.Add(p);
        return batchCommand;
    }

    static DbCommand Bind(DbCommand cmd, long trialId, DateTime? started, TrialUpdate update, long studyId, int? budget, bool heartbeat, DistributionJson json)
    {
        var (value, valueType) = SqlCodec.Encode(update.Value);
        cmd.With("t", trialId).With("state", SqlCodec.State(update.State!.Value)).With("v", value).With("vt", valueType).With("study", studyId);
        Add(cmd, "started", started is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null); // a UTC DateTime is a timestamptz to Npgsql
        Add(cmd, "budget", budget);
        Add(cmd, "hb", update.Heartbeat);
        Add(cmd, "shb", heartbeat);
        if (update.Params.Count > 0) BindParams(cmd, update, json);
        if (update.IntermediateValues.Count > 0) BindIntermediateValues(cmd, update);
        if (update.UserAttributes.Count > 0)
        {
            Add(cmd, "uk", update.UserAttributes.Keys.ToArray());
            Add(cmd, "uv", update.UserAttributes.Values.ToArray());
        }
        if (update.SystemAttributes.Count > 0)
        {
            Add(cmd, "ak", update.SystemAttributes.Keys.ToArray());
            Add(cmd, "av", update.SystemAttributes.Values.ToArray());
        }
        return cmd;
    }

    static void BindParams(DbCommand cmd, TrialUpdate update, DistributionJson json)
    {
        int i = 0;
        string[] names = new string[update.Params.Count], distributions = new string[names.Length];
        double[] values = new double[names.Length];
        foreach (var (name, v) in update.Params)
        {
            names[i] = name;
            values[i] = v;
            distributions[i++] = json.Of(update.Distributions[name]);
        }
        Add(cmd, "pn", names);
        Add(cmd, "pv", values);
        Add(cmd, "pd", distributions);
    }

    static void BindIntermediateValues(DbCommand cmd, TrialUpdate update)
    {
        int i = 0;
        var steps = new int[update.IntermediateValues.Count];
        var values = new double?[steps.Length];
        var types = new string?[steps.Length];
        foreach (var (step, v) in update.IntermediateValues)
        {
            steps[i] = step;
            (values[i], types[i]) = SqlCodec.Encode(v);
            i++;
        }
        Add(cmd, "is", steps);
        Add(cmd, "iv", values);
        Add(cmd, "it", types);
    }

    static void Add(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }
}
