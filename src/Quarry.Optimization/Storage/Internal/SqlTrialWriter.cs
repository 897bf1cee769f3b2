using System.Data.Common;
using System.Text;
using Quarry.Core;
using Quarry.Storage;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// Writes to existing trials. Every write — one parameter, a heartbeat, or a worker's whole tell (its parameters plus
/// the final state) — is a <see cref="TrialUpdate"/> applied atomically: on PostgreSQL as ONE statement (data-modifying
/// CTEs, each reading the trial row locked FOR UPDATE while unfinished), so one round trip and one commit; on SQLite as
/// one write transaction. Successful writes are applied to the instance's own snapshots (<see cref="TrialSnapshots"/>).
/// On PostgreSQL a write to a trial this instance started also requires the stored start time to be the one it was
/// given: a start lost in a server crash (see <see cref="SqlTrialStarter"/>) may have its id reused by another
/// worker's trial, which must not receive this worker's writes. Thread-safe.
/// </summary>
sealed class SqlTrialWriter(SqlRunner runner, TrialLoader loader, TrialSnapshots snapshots, DistributionJson json)
{
    const string Unfinished = "('RUNNING', 'WAITING')";
    const string NotNullViolation = "23502";

    SqlDialect Dialect => runner.Dialect;

    /// <summary>Applies <paramref name="update"/> (see <see cref="IStudyStorage.UpdateTrial"/>).</summary>
    public void Update(long trialId, TrialUpdate update) =>
        Apply(trialId, update, started => Dialect.Kind == StoreKind.PostgreSql
            ? UpdateInOneStatement(trialId, started, update)
            : runner.Write((c, tx) => UpdateInTransaction(c, tx, trialId, update)));

    /// <summary>
    /// Checks <paramref name="update"/>, then writes it with <paramref name="write"/> (given the start time of the trial
    /// when this instance started it; returning whether the trial was unfinished, and so written, and its completion
    /// time), maps a parameter conflict and a trial that was not written to their errors, and updates the snapshot.
    /// </summary>
    public void Apply(long trialId, TrialUpdate update, Func<DateTime?, (bool Written, DateTime? Complete)> write)
    {
        if (!Check(trialId, update)) return;
        DateTime? started = snapshots.OwnedStart(trialId);
        Written(trialId, update, started, () => write(started));
    }

    /// <summary>The start time of <paramref name="trialId"/> when this instance started it (its writes require it), else null.</summary>
    public DateTime? OwnedStart(long trialId) => snapshots.OwnedStart(trialId);

    /// <summary>Validates <paramref name="update"/>; false when it is empty (then the trial was checked to be writable, and there is nothing to write).</summary>
    public bool Check(long trialId, TrialUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        update.Validate();
        foreach (var name in update.Params.Keys) StorageErrors.CheckName(name, "parameter name");
        foreach (var key in update.UserAttributes.Keys.Concat(update.SystemAttributes.Keys)) StorageErrors.CheckName(key, "attribute key");
        if (!update.IsEmpty) return true;
        CheckWritable(trialId);
        return false;
    }

    /// <summary>
    /// The outcome of a checked, non-empty write: <paramref name="result"/> reads whether the trial was unfinished, and
    /// so written, and its completion time. Maps a parameter conflict and a trial that was not written to their errors
    /// and updates the snapshot.
    /// </summary>
    public void Written(long trialId, TrialUpdate update, DateTime? started, Func<(bool Written, DateTime? Complete)> result)
    {
        bool written;
        DateTime? complete;
        try
        {
            (written, complete) = result();
        }
        catch (DbException e) when (e.SqlState == NotNullViolation && update.Params.Count > 0)
        {
            throw ParamConflict(trialId, update) ?? throw new QuarryException(ErrorCode.InvalidState, $"Updating trial {trialId} failed: {e.Message}", e);
        }
        if (!written) CheckWritable(trialId, started); // throws: the trial is finished, unknown or not ours, and nothing was written
        snapshots.Update(trialId, t => update.ApplyTo(t, complete));
    }

    /// <summary>
    /// PostgreSQL: one statement. A parameter already stored with another distribution makes the upsert set its
    /// distribution to NULL, which the NOT NULL constraint rejects, so the whole statement fails and writes nothing.
    /// </summary>
    (bool Written, DateTime? Complete) UpdateInOneStatement(long trialId, DateTime? started, TrialUpdate update)
    {
        var (sql, bind) = OneStatement(trialId, started, update);
        return runner.Run(c =>
        {
            using var cmd = bind(c.Sql(sql));
            using var reader = cmd.ExecuteReader();
            return ReadWritten(reader);
        });
    }

    /// <summary>
    /// PostgreSQL's one-statement update of <paramref name="trialId"/> (see <see cref="UpdateInOneStatement"/>): its SQL
    /// and what binds its parameters. Its one row is read by <see cref="ReadWritten"/>.
    /// </summary>
    public (string Sql, Func<DbCommand, DbCommand> Bind) OneStatement(long trialId, DateTime? started, TrialUpdate update)
    {
        var sql = new StringBuilder($"WITH t AS (SELECT trial_id FROM trials WHERE trial_id = @t AND state IN {Unfinished}{(started is null ? "" : " AND datetime_start = @started")} FOR UPDATE)");
        var rows = new List<SqlRows>();
        void Child(string name, SqlRows source, string insert)
        {
            if (source.Count == 0) return;
            rows.Add(source);
            sql.Append($", {name} AS ({insert.Replace("{source}", $"t.trial_id, x.* FROM t, {source.Source}", StringComparison.Ordinal)})");
        }
        Child("p", SqlRows.Params(update, json), ParamInsert("""
            CASE WHEN trial_params.distribution_json = excluded.distribution_json THEN excluded.distribution_json END
            """));
        Child("i", SqlRows.Intermediates(update), IntermediateInsert);
        Child("u", SqlRows.Attributes("u", update.UserAttributes), AttributeInsert("trial_user_attributes"));
        Child("a", SqlRows.Attributes("a", update.SystemAttributes), AttributeInsert("trial_system_attributes"));
        if (update.Heartbeat) sql.Append($", h AS ({HeartbeatInsert($"SELECT trial_id, {Dialect.Now} FROM t")})");
        if (update.State is not null)
            sql.Append($", f AS (UPDATE trials SET {Finish} FROM t WHERE trials.trial_id = t.trial_id RETURNING trials.datetime_complete)");
        sql.Append($" SELECT (SELECT COUNT(*) FROM t), {(update.State is null ? "NULL" : "(SELECT datetime_complete FROM f)")}");
        return (sql.ToString(), cmd =>
        {
            cmd.With("t", trialId);
            if (started is { } at) BindTimestamp(cmd, "started", at);
            BindFinish(cmd, update);
            foreach (var r in rows) r.Bind(cmd);
            return cmd;
        });
    }

    /// <summary>Reads the row of <see cref="OneStatement"/>: whether the trial was written, and its completion time.</summary>
    public (bool Written, DateTime? Complete) ReadWritten(DbDataReader reader)
    {
        reader.Read();
        return (reader.GetInt64(0) > 0, Dialect.ReadTimestamp(reader, 1));
    }

    /// <summary>SQLite: the update inside write transaction <paramref name="tx"/> (the database lock keeps the trial unchanged until it commits).</summary>
    public (bool Written, DateTime? Complete) UpdateInTransaction(DbConnection c, DbTransaction tx, long trialId, TrialUpdate update)
    {
        object? state = c.Sql("SELECT state FROM trials WHERE trial_id = @t", tx).With("t", trialId).Scalar();
        if (state is not string s || SqlCodec.State(s).IsFinished()) return (false, (DateTime?)null);
        int Child(SqlRows source, string insert)
        {
            if (source.Count == 0) return 0;
            using var cmd = c.Sql(insert.Replace("{source}", $"@t, x.* FROM {source.Source} WHERE TRUE", StringComparison.Ordinal), tx).With("t", trialId);
            source.Bind(cmd);
            return cmd.ExecuteNonQuery();
        }
        // A conflicting distribution leaves its row alone (the upsert's WHERE), so fewer rows change: roll back.
        if (Child(SqlRows.Params(update, json), ParamInsert("excluded.distribution_json") + " WHERE trial_params.distribution_json = excluded.distribution_json") < update.Params.Count)
            throw ParamConflict(trialId, update, c, tx) ?? new QuarryException(ErrorCode.InvalidParameter, "A parameter of the update conflicts with a stored one.");
        Child(SqlRows.Intermediates(update), IntermediateInsert);
        Child(SqlRows.Attributes("u", update.UserAttributes), AttributeInsert("trial_user_attributes"));
        Child(SqlRows.Attributes("a", update.SystemAttributes), AttributeInsert("trial_system_attributes"));
        if (update.Heartbeat) c.Sql(HeartbeatInsert($"SELECT @t, {Dialect.Now} WHERE TRUE"), tx).With("t", trialId).Exec();
        if (update.State is null) return (true, null);
        using var finish = c.Sql($"UPDATE trials SET {Finish} WHERE trial_id = @t RETURNING datetime_complete", tx).With("t", trialId);
        BindFinish(finish, update);
        using var r = finish.ExecuteReader();
        r.Read();
        return (true, Dialect.ReadTimestamp(r, 0));
    }

    static string ParamInsert(string distributionOnConflict) => $"""
        INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) SELECT {"{source}"}
        ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = excluded.param_value, distribution_json = {distributionOnConflict}
        """;

    const string IntermediateInsert = """
        INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) SELECT {source}
        ON CONFLICT (trial_id, step) DO UPDATE SET intermediate_value = excluded.intermediate_value, intermediate_value_type = excluded.intermediate_value_type
        """;

    static string AttributeInsert(string table) => $"""
        INSERT INTO {table} (trial_id, key, value_json) SELECT {"{source}"}
        ON CONFLICT (trial_id, key) DO UPDATE SET value_json = excluded.value_json
        """;

    /// <summary>The heartbeat upsert for the trial ids that <paramref name="select"/> (<c>SELECT id, now ...</c>) yields.</summary>
    public static string HeartbeatInsert(string select) => $"""
        INSERT INTO trial_heartbeats (trial_id, heartbeat) {select}
        ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat
        """;

    string Finish => $"state = @state, value = @v, value_type = @vt, datetime_complete = {Dialect.Now}";

    static void BindFinish(DbCommand cmd, TrialUpdate update)
    {
        if (update.State is not { } state) return;
        var (stored, type) = SqlCodec.Encode(update.Value);
        cmd.With("state", SqlCodec.State(state)).With("v", stored).With("vt", type);
    }

    static void BindTimestamp(DbCommand cmd, string name, DateTime utc)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = DateTime.SpecifyKind(utc, DateTimeKind.Utc); // a UTC DateTime is a timestamptz to Npgsql
        cmd.Parameters.Add(p);
    }

    /// <summary>The Waiting → Running compare-and-set of <see cref="IStudyStorage.SetState"/>: false when another worker claimed it first.</summary>
    public bool SetRunning(long trialId)
    {
        int n = runner.Run(c => c.Sql($"UPDATE trials SET state = 'RUNNING', datetime_start = {Dialect.Now} WHERE trial_id = @t AND state = 'WAITING'")
            .With("t", trialId).Exec());
        if (n == 1) return true;
        CheckWritable(trialId);
        return false; // it is Running already: another worker claimed it
    }

    /// <summary>
    /// Throws NotFound for an unknown trial, InvalidState for a finished one or one started at another time than
    /// <paramref name="started"/> (when given); returns the number and state of an unfinished one.
    /// </summary>
    public (int Number, TrialState State) CheckWritable(long trialId, DateTime? started = null)
    {
        snapshots.Forget(trialId); // something changed it behind our back (or it is gone): read the database from now on
        var row = runner.Run(c => ReadNumberAndState(c, null, trialId));
        if (row is not { } found) throw StorageErrors.TrialNotFound(trialId);
        if (found.State.IsFinished()) throw StorageErrors.Finished(trialId, found.Number, found.State);
        if (started is { } mine && found.Start != mine)
            throw new QuarryException(ErrorCode.InvalidState,
                $"Trial id {trialId} is no longer the trial this worker started at {mine:O} (now trial {found.Number}, started {found.Start:O}): " +
                "the database lost the start, e.g. in a server crash, and the id was given again. The trial's result cannot be stored; run it again.");
        return (found.Number, found.State);
    }

    (int Number, TrialState State, DateTime? Start)? ReadNumberAndState(DbConnection c, DbTransaction? tx, long trialId)
    {
        using var cmd = c.Sql("SELECT number, state, datetime_start FROM trials WHERE trial_id = @t", tx).With("t", trialId);
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt32(0), SqlCodec.State(r.GetString(1)), Dialect.ReadTimestamp(r, 2)) : null;
    }

    /// <summary>The InvalidParameter error naming the first parameter stored with another distribution, or null when none is.</summary>
    QuarryException? ParamConflict(long trialId, TrialUpdate update, DbConnection? connection = null, DbTransaction? tx = null)
    {
        (int Number, TrialState State, DateTime? Start)? trial;
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        if (connection is null) (trial, stored) = runner.Run(c => ReadParams(c, null));
        else (trial, stored) = ReadParams(connection, tx);
        foreach (var (name, distribution) in update.Distributions)
            if (stored.TryGetValue(name, out var storedJson) && storedJson != json.Of(distribution))
                return new QuarryException(ErrorCode.InvalidParameter,
                    $"Parameter '{name}' of trial {trial?.Number} is already set with {loader.ParseDistribution(storedJson)}; it cannot be set with {distribution}.");
        return null;

        ((int Number, TrialState State, DateTime? Start)?, Dictionary<string, string>) ReadParams(DbConnection c, DbTransaction? t)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var cmd = c.Sql("SELECT param_name, distribution_json FROM trial_params WHERE trial_id = @t", t).With("t", trialId))
            using (var r = cmd.ExecuteReader())
                while (r.Read()) result[r.GetString(0)] = r.GetString(1);
            return (ReadNumberAndState(c, t, trialId), result);
        }
    }
}
