using System.Collections.ObjectModel;
using System.Data.Common;
using System.Globalization;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Storage;

namespace Quarry.Optimization.Storage.Internal;

/// <summary>
/// Creates, claims and starts trials. Trial numbers come from the study's counter, incremented in the creating
/// transaction (the counter's row lock serialises creators of one study; UNIQUE(study_id, number) backs it up). On
/// PostgreSQL a worker's start — claim a Waiting trial or create one, within the budget, with its first heartbeat — is
/// one statement in the usual cases; the exact budget check with Waiting trials around runs as a locked transaction.
/// <para>
/// On PostgreSQL a start commits asynchronously (<c>synchronous_commit = off</c> for that transaction only): the
/// counter's row lock is released without waiting for the WAL flush, which otherwise serialises every worker of a
/// study behind one disk flush per trial. Nothing durable depends on a start until the trial's tell, whose synchronous
/// commit flushes the WAL up to and including the start. Should the database server crash before that, the start is
/// lost (its number and id may be given again); <see cref="SqlTrialWriter"/> then refuses the worker's later writes
/// to a trial whose start time is not the one it was given, instead of writing into another worker's trial.
/// </para>
/// Thread-safe.
/// </summary>
sealed class SqlTrialStarter(SqlRunner runner, TrialSnapshots snapshots, Func<long, FrozenTrial> load)
{
    const string Bump = "UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE study_id = @study";
    const string Returned = "trial_id, number, datetime_start, datetime_complete";

    SqlDialect Dialect => runner.Dialect;

    bool Postgres => Dialect.Kind == StoreKind.PostgreSql;

    /// <summary><see cref="IStudyStorage.CreateTrial"/>.</summary>
    public FrozenTrial Create(long studyId, TrialTemplate? template)
    {
        if (template is null)
        {
            var row = Postgres
                ? runner.Run(c => Read(c, null, $"WITH s AS ({Bump} RETURNING study_id, next_trial_number) {TrialInsert(TrialState.Running, "s")}", studyId))
                : runner.Write((c, tx) => c.Sql(Bump, tx).With("study", studyId).Exec() == 0 ? null
                    : Read(c, tx, TrialInsert(TrialState.Running, "studies WHERE study_id = @study"), studyId));
            return row is { } r ? Owned(studyId, NewRunning(r)) : throw StorageErrors.StudyNotFound(studyId);
        }
        CheckTemplate(template);
        var state = template.State;
        var (value, valueType) = SqlCodec.Encode(state is TrialState.Complete or TrialState.Pruned ? template.Value : null);
        var created = runner.Write((c, tx) =>
        {
            if (c.Sql(Bump, tx).With("study", studyId).Exec() == 0) return null;
            var row = Read(c, tx, TrialInsert(state, "studies WHERE study_id = @study"), studyId, cmd => cmd.With("value", value).With("vtype", valueType).With("state", SqlCodec.State(state)));
            if (row is { } r) InsertTemplateContents(c, tx, r.TrialId, template);
            return row;
        });
        if (created is not { } t) throw StorageErrors.StudyNotFound(studyId);
        var trial = new FrozenTrial(t.TrialId, t.Number, state, SqlCodec.Decode(value, valueType), Copy(template.Params), Copy(template.Distributions),
            ReadOnlyMaps.Copy(new SortedDictionary<int, double>(template.IntermediateValues.ToDictionary())), Copy(template.UserAttributes),
            Copy(template.SystemAttributes), t.Start, t.Complete);
        snapshots.Keep(studyId, trial);
        return trial;
    }

    /// <summary><see cref="IStudyStorage.ClaimWaitingTrial"/>: the claimed trial, or null (also when the study does not exist: the caller checks).</summary>
    public FrozenTrial? Claim(long studyId) => runner.Run(c => Claim(c, null, studyId)) is { } id ? Owned(studyId, load(id)) : null;

    /// <summary><see cref="IStudyStorage.StartTrial"/>; null when the budget is spent. Throws NotFound for an unknown study.</summary>
    public FrozenTrial? Start(long studyId, int? budget, bool heartbeat)
    {
        if (Postgres)
        {
            var (sql, bind) = OneStatementStart(studyId, budget, heartbeat);
            var started = runner.Run(c =>
            {
                using var cmd = bind(c.Sql(sql));
                using var r = cmd.ExecuteReader();
                return ReadStarted(r);
            });
            if (started is { } s) return Started(studyId, (true, s));
            if (budget is null) throw StorageErrors.StudyNotFound(studyId); // creating never declines otherwise
        }
        return Started(studyId, runner.Write((c, tx) => StartLocked(c, tx, studyId, budget, heartbeat)));
    }

    /// <summary>
    /// The trial a start returned (<paramref name="start"/>, from <see cref="StartLocked"/>), kept as this instance's own;
    /// null when it started none; throws NotFound when the study was not found.
    /// </summary>
    public FrozenTrial? Started(long studyId, (bool Found, CreatedRow? Row) start)
    {
        if (!start.Found) throw StorageErrors.StudyNotFound(studyId);
        return start.Row is { } r ? Owned(studyId, r.Claimed ? load(r.TrialId) : NewRunning(r)) : null;
    }

    /// <summary>
    /// The exact start under the study row lock: started trials (the counter − Waiting trials) are checked against the
    /// budget, then the lowest Waiting trial is claimed or a Running one created, and its first heartbeat recorded.
    /// </summary>
    public (bool Found, CreatedRow? Row) StartLocked(DbConnection c, DbTransaction tx, long studyId, int? budget, bool heartbeat)
    {
        object? total = c.Sql($"SELECT next_trial_number{AsyncCommit} FROM studies WHERE study_id = @s{Dialect.ForUpdate}", tx).With("s", studyId).Scalar();
        if (total is null) return (false, null);
        // A new statement after the lock: its snapshot includes every claim and enqueue committed before we got the lock.
        long waiting = ToLong(c.Sql("SELECT COUNT(*) FROM trials WHERE study_id = @s AND state = 'WAITING'", tx).With("s", studyId).Scalar()!);
        if (budget is { } limit && ToLong(total) - waiting >= limit) return (true, null);
        CreatedRow? row = waiting > 0 && Claim(c, tx, studyId) is { } id
            ? new CreatedRow(id, 0, null, null, Claimed: true)
            : Read(c, tx, TrialInsert(TrialState.Running, "studies WHERE study_id = @study"), studyId, bump: true);
        if (heartbeat && row is { } r)
            c.Sql(SqlTrialWriter.HeartbeatInsert($"SELECT @t, {Dialect.Now} WHERE TRUE"), tx).With("t", r.TrialId).Exec();
        return (true, row);
    }

    /// <summary>
    /// PostgreSQL's one-statement start (claim or create, within <paramref name="budget"/>, with the first heartbeat;
    /// committed asynchronously): its SQL and what binds its parameters. <see cref="ReadStarted"/> reads its row: none
    /// when it declined (see <see cref="Start"/>, which then takes the exact path).
    /// </summary>
    public (string Sql, Func<DbCommand, DbCommand> Bind) OneStatementStart(long studyId, int? budget, bool heartbeat) => budget is { } limit
        ? (WithinBudget(heartbeat), cmd => AsRunning(cmd.With("study", studyId).With("budget", limit)))
        : (ClaimOrCreate(heartbeat), cmd => AsRunning(cmd.With("study", studyId)));

    /// <summary>
    /// PostgreSQL's one-statement start within a budget: creates a Running trial when the study has no Waiting trial and
    /// its counter is below the budget. The counter is re-read under the row lock, so the budget is never exceeded; a
    /// Waiting trial enqueued concurrently can only make it decline (no row), and the caller then takes the locked path.
    /// </summary>
    string WithinBudget(bool heartbeat) => Started("""
        WITH s AS (UPDATE studies SET next_trial_number = next_trial_number + 1
            WHERE study_id = @study AND next_trial_number < @budget
            AND NOT EXISTS (SELECT 1 FROM trials WHERE study_id = @study AND state = 'WAITING')
            RETURNING study_id, next_trial_number)
        """, $", n AS ({TrialInsert(TrialState.Running, "s")})", $"SELECT {Returned}, FALSE FROM n", heartbeat);

    /// <summary>PostgreSQL's one-statement start without a budget: claim the lowest Waiting trial, else create one.</summary>
    string ClaimOrCreate(bool heartbeat) => Started($"WITH c AS ({ClaimSql(Returned)})", $"""
        , s AS ({Bump} AND NOT EXISTS (SELECT 1 FROM c) RETURNING study_id, next_trial_number)
        , n AS ({TrialInsert(TrialState.Running, "s")})
        """, $"SELECT {Returned}, TRUE FROM c UNION ALL SELECT {Returned}, FALSE FROM n", heartbeat);

    string Started(string head, string body, string rows, bool heartbeat) =>
        $"{head}{body}, r AS ({rows}){(heartbeat ? $", h AS ({SqlTrialWriter.HeartbeatInsert($"SELECT trial_id, {Dialect.Now} FROM r")})" : "")} SELECT r.*{AsyncCommit} FROM r";

    /// <summary>
    /// A select-list item that makes the current PostgreSQL transaction commit asynchronously (evaluated once per row,
    /// so only when the statement started a trial); empty on SQLite.
    /// </summary>
    string AsyncCommit => Postgres ? ", set_config('synchronous_commit', 'off', true)" : "";

    /// <summary>The compare-and-set claim of the lowest-numbered Waiting trial (PostgreSQL skips rows another claimer has locked).</summary>
    string ClaimSql(string returning) => $"""
        UPDATE trials SET state = 'RUNNING', datetime_start = {Dialect.Now}
        WHERE state = 'WAITING' AND trial_id = (
            SELECT trial_id FROM trials WHERE study_id = @study AND state = 'WAITING' ORDER BY number LIMIT 1{Dialect.ForUpdateSkipLocked})
        RETURNING {returning}
        """;

    long? Claim(DbConnection c, DbTransaction? tx, long studyId) =>
        c.Sql(ClaimSql("trial_id"), tx).With("study", studyId).Scalar() is { } id ? ToLong(id) : null;

    string TrialInsert(TrialState state, string source) => $"""
        INSERT INTO trials (study_id, number, state, value, value_type, datetime_start, datetime_complete)
        SELECT study_id, next_trial_number - 1, @state, @value, @vtype, {(state == TrialState.Waiting ? "NULL" : Dialect.Now)}, {(state.IsFinished() ? Dialect.Now : "NULL")} FROM {source}
        RETURNING {Returned}
        """;

    /// <summary>
    /// Runs a statement returning (trial_id, number, start, complete[, claimed]) and reads its row; null when it returns
    /// none. <paramref name="bind"/> adds parameters beyond @study; by default a Running trial without a value is inserted.
    /// </summary>
    CreatedRow? Read(DbConnection c, DbTransaction? tx, string sql, long studyId, Action<DbCommand>? bind = null, bool bump = false)
    {
        if (bump && c.Sql(Bump, tx).With("study", studyId).Exec() == 0) return null;
        using var cmd = c.Sql(sql, tx).With("study", studyId);
        (bind ?? (x => AsRunning(x)))(cmd);
        using var r = cmd.ExecuteReader();
        return ReadStarted(r);
    }

    /// <summary>Reads a started or created trial's row (trial_id, number, start, complete[, claimed]); null when there is none.</summary>
    public CreatedRow? ReadStarted(DbDataReader r)
    {
        if (!r.Read()) return null;
        bool claimed = r.FieldCount > 4 && r.GetBoolean(4);
        return new CreatedRow(r.GetInt64(0), r.GetInt32(1), Dialect.ReadTimestamp(r, 2), Dialect.ReadTimestamp(r, 3), claimed);
    }

    /// <summary>Binds the parameters of <see cref="TrialInsert"/> for a Running trial without a value.</summary>
    static DbCommand AsRunning(DbCommand cmd) => cmd.With("state", SqlCodec.State(TrialState.Running)).With("value", (double?)null).With("vtype", (string?)null);

    static FrozenTrial NewRunning(CreatedRow row) =>
        new(row.TrialId, row.Number, TrialState.Running, null, ReadOnlyDictionary<string, double>.Empty, ReadOnlyDictionary<string, Distribution>.Empty,
            ReadOnlyDictionary<int, double>.Empty, ReadOnlyDictionary<string, string>.Empty, ReadOnlyDictionary<string, string>.Empty, row.Start, row.Complete);

    FrozenTrial Owned(long studyId, FrozenTrial trial)
    {
        snapshots.Keep(studyId, trial, owned: true);
        return trial;
    }

    static void InsertTemplateContents(DbConnection c, DbTransaction tx, long trialId, TrialTemplate template)
    {
        foreach (var (name, internalValue) in template.Params)
            c.Sql("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (@t, @n, @v, @d)", tx)
                .With("t", trialId).With("n", name).With("v", internalValue).With("d", template.Distributions[name].ToJson()).Exec();
        foreach (var (step, v) in template.IntermediateValues)
        {
            var (value, type) = SqlCodec.Encode(v);
            c.Sql("INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES (@t, @s, @v, @vt)", tx)
                .With("t", trialId).With("s", step).With("v", value).With("vt", type).Exec();
        }
        foreach (var (key, json) in template.UserAttributes)
            c.Sql("INSERT INTO trial_user_attributes (trial_id, key, value_json) VALUES (@t, @k, @v)", tx).With("t", trialId).With("k", key).With("v", json).Exec();
        foreach (var (key, json) in template.SystemAttributes)
            c.Sql("INSERT INTO trial_system_attributes (trial_id, key, value_json) VALUES (@t, @k, @v)", tx).With("t", trialId).With("k", key).With("v", json).Exec();
    }

    static void CheckTemplate(TrialTemplate template)
    {
        if (template.State == TrialState.Complete && (template.Value is not { } v || double.IsNaN(v)))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Complete trial template needs a Value that is not NaN.");
        foreach (var (name, internalValue) in template.Params)
        {
            StorageErrors.CheckName(name, "parameter name");
            if (!template.Distributions.TryGetValue(name, out var d))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Trial template parameter '{name}' has no distribution (fix: add it to Distributions).");
            if (!d.Contains(internalValue))
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Trial template parameter '{name}': {internalValue.ToString("R", CultureInfo.InvariantCulture)} is outside {d}.");
        }
        foreach (var name in template.Distributions.Keys)
            if (!template.Params.ContainsKey(name))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Trial template distribution '{name}' has no parameter value (fix: add it to Params).");
        foreach (var key in template.UserAttributes.Keys.Concat(template.SystemAttributes.Keys)) StorageErrors.CheckName(key, "attribute key");
    }

    static IReadOnlyDictionary<string, T> Copy<T>(IReadOnlyDictionary<string, T> source) => ReadOnlyMaps.Copy(source, StringComparer.Ordinal);

    static long ToLong(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>A started or created trial's row; <paramref name="Claimed"/>: a Waiting trial was claimed (its contents must be read).</summary>
    public readonly record struct CreatedRow(long TrialId, int Number, DateTime? Start, DateTime? Complete, bool Claimed = false);
}
