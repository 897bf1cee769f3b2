using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Data.Common;
using System.Globalization;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Storage.Internal;
using Quarry.Storage;

namespace Quarry.Optimization.Storage;

/// <summary>
/// <see cref="IStudyStorage"/> in a SQL database — a SQLite file (one host) or PostgreSQL (many machines) — shared
/// by any number of worker processes, with Optuna's RDB schema and protocol:
/// <list type="bullet">
/// <item>Trial numbers come from a per-study counter incremented in the trial's creating transaction; the counter's
/// row lock serialises creators of one study, and UNIQUE(study_id, number) backs it up.</item>
/// <item>State changes are compare-and-set updates (<c>UPDATE trials SET state=… WHERE trial_id=… AND state IN (…)</c>):
/// of two workers racing for a trial, exactly one wins; a finished trial is never written again.</item>
/// <item>Every write is one statement or one transaction, so a killed process never leaves half a trial.</item>
/// <item>Heartbeats and staleness use the database clock, so machines' clocks need not agree.</item>
/// <item>Transient errors (SQLite busy, PostgreSQL deadlock/serialization) are retried in fresh transactions.</item>
/// <item>Reads are incremental: finished trials are cached per process (they are frozen) and only unfinished and new
/// trials are read again, in one round trip per <see cref="GetTrials"/>.</item>
/// </list>
/// The schema is created or upgraded on construction (see <see cref="Migrator"/>). Thread-safe.
/// </summary>
public sealed class SqlStudyStorage : IStudyStorage, IDisposable
{
    const int MaxNameLength = 512;
    const string Unfinished = "('RUNNING', 'WAITING')";

    readonly SqlRunner _runner;
    readonly TrialLoader _loader;
    readonly bool _ownsFactory;
    readonly ConcurrentDictionary<long, StudyTrialCache> _studies = new();
    readonly TrialSnapshots _snapshots = new();

    /// <summary>Opens the storage on <paramref name="factory"/> (not owned) and brings its schema up to date.</summary>
    public SqlStudyStorage(IConnectionFactory factory, RetryPolicy? retry = null) : this(factory, retry, ownsFactory: false) { }

    SqlStudyStorage(IConnectionFactory factory, RetryPolicy? retry, bool ownsFactory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _runner = new SqlRunner(factory, retry);
        _loader = new TrialLoader(factory.Dialect);
        _ownsFactory = ownsFactory;
        new Migrator(factory, retry).Apply(OptimizationSchema.Migrations);
    }

    /// <summary>
    /// Opens the storage at <paramref name="location"/> (<c>sqlite:PATH</c>, <c>*.db</c>, <c>postgresql://…</c>; see
    /// <see cref="StoreLocation.Parse"/>), creating the schema when needed. Dispose it to close its connection pool.
    /// </summary>
    public static SqlStudyStorage Open(string location, RetryPolicy? retry = null)
    {
        var factory = ConnectionFactory.Create(location);
        try { return new SqlStudyStorage(factory, retry, ownsFactory: true); }
        catch { factory.Dispose(); throw; }
    }

    /// <summary>Where the data lives.</summary>
    public StoreLocation Location => _runner.Factory.Location;

    SqlDialect Dialect => _runner.Dialect;

    /// <inheritdoc />
    public StudyInfo CreateStudy(string name, StudyDirection direction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CheckName(name, "study name");
        string dir = SqlCodec.Direction(direction);
        var id = _runner.Run(c => c.Sql($"""
            INSERT INTO studies (study_name, direction, next_trial_number, datetime_created) VALUES (@name, @dir, 0, {Dialect.Now})
            ON CONFLICT (study_name) DO NOTHING RETURNING study_id
            """).With("name", name).With("dir", dir).Scalar());
        return id is null
            ? throw new QuarryException(ErrorCode.AlreadyExists, $"A study named '{name}' already exists in {Location.Display} (fix: choose another name, or load it).")
            : new StudyInfo(ToLong(id), name, direction);
    }

    /// <inheritdoc />
    public StudyInfo? FindStudy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _runner.Run(c => ReadStudies(c.Sql("SELECT study_id, study_name, direction FROM studies WHERE study_name = @name").With("name", name)))
            .FirstOrDefault();
    }

    /// <inheritdoc />
    public IReadOnlyList<StudyInfo> ListStudies() =>
        _runner.Run(c => ReadStudies(c.Sql("SELECT study_id, study_name, direction FROM studies ORDER BY study_id")));

    /// <inheritdoc />
    public void DeleteStudy(long studyId)
    {
        int deleted = _runner.Write((c, tx) => c.Sql("DELETE FROM studies WHERE study_id = @s", tx).With("s", studyId).Exec());
        _studies.TryRemove(studyId, out _);
        _snapshots.ForgetStudy(studyId);
        if (deleted == 0) throw StudyNotFound(studyId);
    }

    /// <inheritdoc />
    public void SetStudyUserAttribute(long studyId, string key, string json)
    {
        CheckName(key, "attribute key");
        ArgumentNullException.ThrowIfNull(json);
        int n = _runner.Run(c => c.Sql("""
            INSERT INTO study_user_attributes (study_id, key, value_json) SELECT study_id, @k, @v FROM studies WHERE study_id = @s
            ON CONFLICT (study_id, key) DO UPDATE SET value_json = excluded.value_json
            """).With("s", studyId).With("k", key).With("v", json).Exec());
        if (n == 0) throw StudyNotFound(studyId);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> GetStudyUserAttributes(long studyId)
    {
        var (exists, attrs) = _runner.Run(c =>
        {
            using var cmd = c.Sql("""
                SELECT s.study_id, a.key, a.value_json FROM studies s LEFT JOIN study_user_attributes a ON a.study_id = s.study_id
                WHERE s.study_id = @s ORDER BY a.key
                """).With("s", studyId);
            using var r = cmd.ExecuteReader();
            bool found = false;
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            while (r.Read())
            {
                found = true;
                if (!r.IsDBNull(1)) d[r.GetString(1)] = r.GetString(2);
            }
            return (found, d);
        });
        return exists ? attrs : throw StudyNotFound(studyId);
    }

    /// <inheritdoc />
    public FrozenTrial CreateTrial(long studyId, TrialTemplate? template = null)
    {
        if (template is null)
        {
            var row = Dialect.Kind == StoreKind.PostgreSql
                ? _runner.Run(c => InsertRunning(c, null, studyId)) // one statement, one round trip
                : _runner.Write((c, tx) => InsertRunning(c, tx, studyId));
            return row is { } r ? Owned(studyId, NewRunning(r)) : throw StudyNotFound(studyId);
        }
        CheckTemplate(template);
        var state = template.State;
        var (value, valueType) = SqlCodec.Encode(state is TrialState.Complete or TrialState.Pruned ? template.Value : null);
        var created = _runner.Write((c, tx) =>
        {
            if (c.Sql("UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE study_id = @study", tx).With("study", studyId).Exec() == 0)
                return null;
            var row = InsertTrial(c, tx, TrialInsert(state, "studies WHERE study_id = @study"), studyId, state, value, valueType);
            if (row is { } r) InsertTemplateContents(c, tx, r.TrialId, template);
            return row;
        });
        if (created is not { } t) throw StudyNotFound(studyId);
        var trial = new FrozenTrial(t.TrialId, t.Number, state, SqlCodec.Decode(value, valueType), Copy(template.Params), Copy(template.Distributions),
            ReadOnlyMaps.Copy(new SortedDictionary<int, double>(template.IntermediateValues.ToDictionary())), Copy(template.UserAttributes), Copy(template.SystemAttributes),
            t.Start, t.Complete);
        _snapshots.Keep(studyId, trial);
        return trial;
    }

    /// <summary>
    /// Inserts a Running trial numbered by the study's counter. On PostgreSQL it is one statement (the counter UPDATE
    /// takes the study row lock until the statement's transaction ends); on SQLite, two inside the caller's write
    /// transaction. Null when the study does not exist.
    /// </summary>
    CreatedRow? InsertRunning(DbConnection c, DbTransaction? tx, long studyId)
    {
        const string Bump = "UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE study_id = @study";
        if (Dialect.Kind == StoreKind.PostgreSql)
            return InsertTrial(c, tx, $"WITH s AS ({Bump} RETURNING study_id, next_trial_number) " + TrialInsert(TrialState.Running, "s"),
                studyId, TrialState.Running, null, null);
        if (c.Sql(Bump, tx).With("study", studyId).Exec() == 0) return null;
        return InsertTrial(c, tx, TrialInsert(TrialState.Running, "studies WHERE study_id = @study"), studyId, TrialState.Running, null, null);
    }

    string TrialInsert(TrialState state, string source) => $"""
        INSERT INTO trials (study_id, number, state, value, value_type, datetime_start, datetime_complete)
        SELECT study_id, next_trial_number - 1, @state, @value, @vtype, {(state == TrialState.Waiting ? "NULL" : Dialect.Now)}, {(state.IsFinished() ? Dialect.Now : "NULL")} FROM {source}
        RETURNING trial_id, number, datetime_start, datetime_complete
        """;

    static FrozenTrial NewRunning(CreatedRow row) =>
        new(row.TrialId, row.Number, TrialState.Running, null, ReadOnlyDictionary<string, double>.Empty, ReadOnlyDictionary<string, Distribution>.Empty,
            ReadOnlyDictionary<int, double>.Empty, ReadOnlyDictionary<string, string>.Empty, ReadOnlyDictionary<string, string>.Empty, row.Start, row.Complete);

    /// <inheritdoc />
    public FrozenTrial? ClaimWaitingTrial(long studyId)
    {
        long? claimed = _runner.Run(c => Claim(c, null, studyId));
        if (claimed is { } id) return Owned(studyId, GetTrial(id));
        if (!StudyExists(studyId)) throw StudyNotFound(studyId);
        return null;
    }

    /// <summary>
    /// Claims the lowest-numbered Waiting trial, else creates a Running one. With a <paramref name="budget"/>, workers in
    /// any number of processes together start exactly <paramref name="budget"/> trials: the check (trials started =
    /// the study's trial counter − Waiting trials) and the start happen under the study row lock. On PostgreSQL the
    /// usual case (no Waiting trial, budget left) is a single statement; the rest runs as a locked transaction.
    /// </summary>
    public FrozenTrial? StartTrial(long studyId, int? budget = null)
    {
        if (budget is null)
            return _runner.Run(c => Claim(c, null, studyId)) is { } id ? Owned(studyId, GetTrial(id)) : CreateTrial(studyId);
        if (Dialect.Kind == StoreKind.PostgreSql && _runner.Run(c => InsertRunningWithinBudget(c, studyId, budget.Value)) is { } fast)
            return Owned(studyId, NewRunning(fast));
        var (found, claimedId, created) = _runner.Write((c, tx) =>
        {
            object? total = c.Sql($"SELECT next_trial_number FROM studies WHERE study_id = @s{Dialect.ForUpdate}", tx).With("s", studyId).Scalar();
            if (total is null) return (false, (long?)null, (CreatedRow?)null);
            // A new statement after the lock: its snapshot includes every claim and enqueue committed before we got the lock.
            long waiting = ToLong(c.Sql("SELECT COUNT(*) FROM trials WHERE study_id = @s AND state = 'WAITING'", tx).With("s", studyId).Scalar()!);
            if (ToLong(total) - waiting >= budget) return (true, null, null);
            if (waiting > 0 && Claim(c, tx, studyId) is { } id) return (true, id, null);
            return (true, null, InsertRunning(c, tx, studyId));
        });
        if (!found) throw StudyNotFound(studyId);
        if (claimedId is { } claimed) return Owned(studyId, GetTrial(claimed));
        return created is { } t ? Owned(studyId, NewRunning(t)) : null;
    }

    /// <summary>
    /// PostgreSQL's one-statement start: creates a Running trial when the study has no Waiting trial and its counter is
    /// below the budget. The counter is re-read under the row lock, so the budget is never exceeded; a Waiting trial
    /// enqueued concurrently can only make it decline (null), and the caller then takes the exact locked path.
    /// </summary>
    CreatedRow? InsertRunningWithinBudget(DbConnection c, long studyId, int budget) =>
        InsertTrial(c, null, $"""
            WITH s AS (UPDATE studies SET next_trial_number = next_trial_number + 1
                WHERE study_id = @study AND next_trial_number < @budget
                AND NOT EXISTS (SELECT 1 FROM trials WHERE study_id = @study AND state = 'WAITING')
                RETURNING study_id, next_trial_number)
            {TrialInsert(TrialState.Running, "s")}
            """, studyId, TrialState.Running, null, null, cmd => cmd.With("budget", budget));

    /// <summary>The CAS claim of the lowest-numbered Waiting trial (PostgreSQL skips rows another claimer has locked); its id, or null.</summary>
    long? Claim(DbConnection c, DbTransaction? tx, long studyId)
    {
        object? id = c.Sql($"""
            UPDATE trials SET state = 'RUNNING', datetime_start = {Dialect.Now}
            WHERE state = 'WAITING' AND trial_id = (
                SELECT trial_id FROM trials WHERE study_id = @s AND state = 'WAITING' ORDER BY number LIMIT 1{Dialect.ForUpdateSkipLocked})
            RETURNING trial_id
            """, tx).With("s", studyId).Scalar();
        return id is null ? null : ToLong(id);
    }

    /// <inheritdoc />
    public void SetParam(long trialId, string name, double internalValue, Distribution distribution)
    {
        CheckName(name, "parameter name");
        ArgumentNullException.ThrowIfNull(distribution);
        if (!distribution.Contains(internalValue))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Parameter '{name}': {internalValue.ToString("R", CultureInfo.InvariantCulture)} is outside {distribution}.");
        // The upsert only overwrites a value stored with the same distribution; 0 rows then means a finished or unknown
        // trial, or a parameter already set with another distribution.
        string json = distribution.ToJson();
        int n = _runner.Run(c => c.Sql($"""
            INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json)
            SELECT trial_id, @n, @v, @d FROM trials WHERE trial_id = @t AND state IN {Unfinished}{Dialect.ForShare}
            ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = excluded.param_value
            WHERE trial_params.distribution_json = excluded.distribution_json
            """).With("t", trialId).With("n", name).With("v", internalValue).With("d", json).Exec());
        if (n > 0)
        {
            _snapshots.Update(trialId, t => t with { Params = Put(t.Params, name, internalValue), Distributions = Put(t.Distributions, name, distribution) });
            return;
        }
        var (number, _) = CheckWritable(trialId);
        string? stored = _runner.Run(c => c.Sql("SELECT distribution_json FROM trial_params WHERE trial_id = @t AND param_name = @n")
            .With("t", trialId).With("n", name).Scalar()) as string;
        if (stored is not null && stored != json)
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Parameter '{name}' of trial {number} is already set with {_loader.ParseDistribution(stored)}; it cannot be set with {distribution}.");
    }

    /// <inheritdoc />
    public bool SetState(long trialId, TrialState state, double? value = null)
    {
        if (value is not null && state is not (TrialState.Complete or TrialState.Pruned))
            throw new QuarryException(ErrorCode.InvalidParameter, $"A value can only be stored with Complete or Pruned, not {state}.");
        if (state == TrialState.Complete && (value is not { } v || double.IsNaN(v)))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Complete trial needs a value that is not NaN (tell NaN as Fail).");
        if (state == TrialState.Pruned && value is { } p && double.IsNaN(p))
            throw new QuarryException(ErrorCode.InvalidParameter, "A Pruned trial's value cannot be NaN (store none).");
        if (state == TrialState.Waiting)
        {
            var (number, current) = CheckWritable(trialId);
            throw new QuarryException(ErrorCode.InvalidState, $"Trial {number} is {current}; a trial cannot move back to Waiting.");
        }
        if (state == TrialState.Running)
        {
            int n = _runner.Run(c => c.Sql($"UPDATE trials SET state = 'RUNNING', datetime_start = {Dialect.Now} WHERE trial_id = @t AND state = 'WAITING'")
                .With("t", trialId).Exec());
            if (n == 1) return true;
            CheckWritable(trialId);
            return false; // it is Running already: another worker claimed it
        }
        var (stored, type) = SqlCodec.Encode(value);
        var (changed, completed) = _runner.Run(c =>
        {
            using var cmd = c.Sql($"""
                UPDATE trials SET state = @state, value = @v, value_type = @vt, datetime_complete = {Dialect.Now}
                WHERE trial_id = @t AND state IN {Unfinished} RETURNING datetime_complete
                """).With("t", trialId).With("state", SqlCodec.State(state)).With("v", stored).With("vt", type);
            using var r = cmd.ExecuteReader();
            return r.Read() ? (true, Dialect.ReadTimestamp(r, 0)) : (false, null);
        });
        if (!changed) CheckWritable(trialId);
        _snapshots.Update(trialId, t => t with { State = state, Value = SqlCodec.Decode(stored, type), Complete = completed });
        return true;
    }

    /// <inheritdoc />
    public void SetIntermediateValue(long trialId, int step, double value)
    {
        var (v, type) = SqlCodec.Encode(value);
        WriteToUnfinished(trialId, "trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type)", "@step, @v, @vt",
            "(trial_id, step) DO UPDATE SET intermediate_value = excluded.intermediate_value, intermediate_value_type = excluded.intermediate_value_type",
            cmd => cmd.With("step", step).With("v", v).With("vt", type),
            t => t with { IntermediateValues = new SortedDictionary<int, double>(t.IntermediateValues.ToDictionary()) { [step] = value }.AsReadOnly() });
    }

    /// <inheritdoc />
    public void SetTrialUserAttribute(long trialId, string key, string json) => SetTrialAttribute("trial_user_attributes", trialId, key, json);

    /// <inheritdoc />
    public void SetTrialSystemAttribute(long trialId, string key, string json) => SetTrialAttribute("trial_system_attributes", trialId, key, json);

    /// <inheritdoc />
    public FrozenTrial GetTrial(long trialId)
    {
        if (_snapshots.TryGet(trialId, out var cached)) return cached;
        var (_, loaded) = _runner.Run(c => _loader.Load(c, "t.trial_id = @t", cmd => cmd.With("t", trialId)));
        if (loaded.Count == 0) throw TrialNotFound(trialId);
        var (studyId, trial) = loaded[0];
        _snapshots.Keep(studyId, trial);
        return trial;
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        var cache = _studies.GetOrAdd(studyId, id => new StudyTrialCache(id));
        var trials = cache.Sync(_runner, _loader, states, (sid, t) => _snapshots.Keep(sid, t));
        if (trials is not null) return trials;
        _studies.TryRemove(studyId, out _);
        throw StudyNotFound(studyId);
    }

    /// <inheritdoc />
    public void RecordHeartbeat(long trialId)
    {
        int n = _runner.Run(c => c.Sql($"""
            INSERT INTO trial_heartbeats (trial_id, heartbeat) SELECT trial_id, {Dialect.Now} FROM trials WHERE trial_id = @t AND state IN {Unfinished}
            ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat
            """).With("t", trialId).Exec());
        if (n == 0) CheckWritable(trialId);
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan grace)
    {
        if (grace < TimeSpan.Zero) throw new QuarryException(ErrorCode.InvalidParameter, $"The heartbeat grace period must be ≥ 0 (got {grace}).");
        // Only Running trials are updated (compare-and-set), so of two workers failing the same stale trial one wins.
        string fail = $"""
            UPDATE trials SET state = 'FAIL', datetime_complete = {Dialect.Now}
            WHERE state = 'RUNNING' AND trial_id IN (
                SELECT h.trial_id FROM trial_heartbeats h JOIN trials t ON t.trial_id = h.trial_id
                WHERE t.study_id = @s AND t.state = 'RUNNING' AND {Dialect.SecondsSince("h.heartbeat")} > @grace)
            RETURNING trial_id
            """;
        // PostgreSQL: one statement that also tells whether the study exists (no row) — nothing stale gives one NULL row.
        // SQLite: the same as two statements of one command (no socket to keep blocking there).
        string sql = Dialect.Kind == StoreKind.PostgreSql
            ? $"WITH f AS ({fail}) SELECT s.study_id, f.trial_id FROM studies s LEFT JOIN f ON TRUE WHERE s.study_id = @s"
            : $"SELECT study_id, NULL FROM studies WHERE study_id = @s; {fail}";
        var (exists, ids) = _runner.Run(c =>
        {
            using var cmd = c.Sql(sql).With("s", studyId).With("grace", grace.TotalSeconds);
            using var r = cmd.ExecuteReader();
            bool found = false;
            var failed = new List<long>();
            do
            {
                while (r.Read())
                {
                    int column = r.FieldCount - 1;
                    if (r.FieldCount == 2) found = true;
                    if (!r.IsDBNull(column)) failed.Add(ToLong(r.GetValue(column)));
                }
            } while (r.NextResult());
            return (found, failed);
        });
        if (!exists) throw StudyNotFound(studyId);
        foreach (long id in ids) _snapshots.Forget(id);
        return [.. ids.Select(GetTrial).OrderBy(t => t.Number)];
    }

    /// <summary>Closes the connection pool when this storage opened it (<see cref="Open"/>).</summary>
    public void Dispose()
    {
        if (_ownsFactory) _runner.Factory.Dispose();
    }

    void SetTrialAttribute(string table, long trialId, string key, string json)
    {
        CheckName(key, "attribute key");
        ArgumentNullException.ThrowIfNull(json);
        bool user = table == "trial_user_attributes";
        WriteToUnfinished(trialId, $"{table} (trial_id, key, value_json)", "@k, @v", "(trial_id, key) DO UPDATE SET value_json = excluded.value_json",
            cmd => cmd.With("k", key).With("v", json),
            t => user ? t with { UserAttributes = Put(t.UserAttributes, key, json) } : t with { SystemAttributes = Put(t.SystemAttributes, key, json) });
    }

    /// <summary>
    /// An upsert into a child table of a trial that is still unfinished, as one statement: the trial row is read (and
    /// on PostgreSQL share-locked, so it cannot finish meanwhile) in the same statement that writes.
    /// </summary>
    void WriteToUnfinished(long trialId, string into, string values, string onConflict, Action<DbCommand> bind, Func<FrozenTrial, FrozenTrial> change)
    {
        int n = _runner.Run(c =>
        {
            var cmd = c.Sql($"""
                INSERT INTO {into} SELECT trial_id, {values} FROM trials WHERE trial_id = @t AND state IN {Unfinished}{Dialect.ForShare}
                ON CONFLICT {onConflict}
                """).With("t", trialId);
            bind(cmd);
            return cmd.Exec();
        });
        if (n == 0) CheckWritable(trialId);
        _snapshots.Update(trialId, change);
    }

    /// <summary>Throws NotFound for an unknown trial and InvalidState for a finished one; returns the number and state of an unfinished one.</summary>
    (int Number, TrialState State) CheckWritable(long trialId)
    {
        _snapshots.Forget(trialId); // something changed it behind our back (or it is gone): read the database from now on
        var row = _runner.Run(c =>
        {
            using var cmd = c.Sql("SELECT number, state FROM trials WHERE trial_id = @t").With("t", trialId);
            using var r = cmd.ExecuteReader();
            return r.Read() ? (Number: r.GetInt32(0), State: SqlCodec.State(r.GetString(1))) : ((int Number, TrialState State)?)null;
        });
        if (row is not { } found) throw TrialNotFound(trialId);
        if (found.State.IsFinished())
            throw new QuarryException(ErrorCode.InvalidState,
                $"Trial {found.Number} (id {trialId}) has already finished ({found.State}) and cannot be updated.");
        return found;
    }

    CreatedRow? InsertTrial(DbConnection c, DbTransaction? tx, string sql, long studyId, TrialState state, double? value, string? valueType,
        Action<DbCommand>? bind = null)
    {
        using var cmd = c.Sql(sql, tx).With("study", studyId).With("state", SqlCodec.State(state)).With("value", value).With("vtype", valueType);
        bind?.Invoke(cmd);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new CreatedRow(r.GetInt64(0), r.GetInt32(1), Dialect.ReadTimestamp(r, 2), Dialect.ReadTimestamp(r, 3));
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
            CheckName(name, "parameter name");
            if (!template.Distributions.TryGetValue(name, out var d))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Trial template parameter '{name}' has no distribution (fix: add it to Distributions).");
            if (!d.Contains(internalValue))
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"Trial template parameter '{name}': {internalValue.ToString("R", CultureInfo.InvariantCulture)} is outside {d}.");
        }
        foreach (var name in template.Distributions.Keys)
            if (!template.Params.ContainsKey(name))
                throw new QuarryException(ErrorCode.InvalidParameter, $"Trial template distribution '{name}' has no parameter value (fix: add it to Params).");
        foreach (var key in template.UserAttributes.Keys.Concat(template.SystemAttributes.Keys)) CheckName(key, "attribute key");
    }

    bool StudyExists(long studyId) =>
        ToLong(_runner.Run(c => c.Sql("SELECT COUNT(*) FROM studies WHERE study_id = @s").With("s", studyId).Scalar())!) > 0;

    static List<StudyInfo> ReadStudies(DbCommand command)
    {
        using (command)
        using (var r = command.ExecuteReader())
        {
            var list = new List<StudyInfo>();
            while (r.Read()) list.Add(new StudyInfo(r.GetInt64(0), r.GetString(1), SqlCodec.Direction(r.GetString(2))));
            return list;
        }
    }

    static void CheckName(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxNameLength)
            throw new QuarryException(ErrorCode.InvalidParameter, $"A {what} must have 1–{MaxNameLength} characters (got {name.Length}).");
    }

    static long ToLong(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    FrozenTrial Owned(long studyId, FrozenTrial trial)
    {
        _snapshots.Keep(studyId, trial, owned: true);
        return trial;
    }

    static IReadOnlyDictionary<string, T> Put<T>(IReadOnlyDictionary<string, T> source, string key, T value)
    {
        var copy = new Dictionary<string, T>(source, StringComparer.Ordinal) { [key] = value };
        return copy.AsReadOnly();
    }

    static IReadOnlyDictionary<string, T> Copy<T>(IReadOnlyDictionary<string, T> source) => ReadOnlyMaps.Copy(source, StringComparer.Ordinal);

    static QuarryException StudyNotFound(long studyId) => new(ErrorCode.NotFound, $"Study {studyId} does not exist (fix: list the studies, or create it).");

    static QuarryException TrialNotFound(long trialId) => new(ErrorCode.NotFound, $"Trial {trialId} does not exist.");

    readonly record struct CreatedRow(long TrialId, int Number, DateTime? Start, DateTime? Complete);
}
