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
/// <item>Every write is one statement or one transaction, so a killed process never leaves half a trial. A worker's
/// trial inside <see cref="Study.Optimize"/> costs one round trip: <see cref="FinishAndStartTrial"/> stores its parameters
/// and final state (one transaction) and starts the worker's next trial (number, claim or budget check, first heartbeat;
/// a second transaction on PostgreSQL).</item>
/// <item>Heartbeats and staleness use the database clock, so machines' clocks need not agree.</item>
/// <item>Transient errors (SQLite busy, PostgreSQL deadlock/serialization) are retried in fresh transactions.</item>
/// <item>Reads are incremental: finished trials are cached per process (they are frozen) and only unfinished and new
/// trials are read again, in one round trip per <see cref="GetTrials"/>.</item>
/// </list>
/// The schema is created or upgraded on construction (see <see cref="Migrator"/>). Thread-safe.
/// </summary>
public sealed class SqlStudyStorage : IStudyStorage, IDisposable
{
    readonly SqlRunner _runner;
    readonly TrialLoader _loader;
    readonly SqlTrialStarter _starter;
    readonly SqlTrialWriter _writer;
    readonly SqlStaleTrials _stale;
    readonly SqlTrialHandover _handover;
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
        _starter = new SqlTrialStarter(_runner, _snapshots, GetTrial);
        var json = new DistributionJson();
        _writer = new SqlTrialWriter(_runner, _loader, _snapshots, json);
        _stale = new SqlStaleTrials(_runner);
        _handover = new SqlTrialHandover(_runner, _writer, _starter, json);
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
        StorageErrors.CheckName(name, "study name");
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
        if (deleted == 0) throw StorageErrors.StudyNotFound(studyId);
    }

    /// <inheritdoc />
    public void SetStudyUserAttribute(long studyId, string key, string json)
    {
        StorageErrors.CheckName(key, "attribute key");
        ArgumentNullException.ThrowIfNull(json);
        int n = _runner.Run(c => c.Sql("""
            INSERT INTO study_user_attributes (study_id, key, value_json) SELECT study_id, @k, @v FROM studies WHERE study_id = @s
            ON CONFLICT (study_id, key) DO UPDATE SET value_json = excluded.value_json
            """).With("s", studyId).With("k", key).With("v", json).Exec());
        if (n == 0) throw StorageErrors.StudyNotFound(studyId);
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
        return exists ? attrs : throw StorageErrors.StudyNotFound(studyId);
    }

    /// <inheritdoc />
    public FrozenTrial CreateTrial(long studyId, TrialTemplate? template = null) => _starter.Create(studyId, template);

    /// <inheritdoc />
    public FrozenTrial? ClaimWaitingTrial(long studyId) =>
        _starter.Claim(studyId) ?? (StudyExists(studyId) ? null : throw StorageErrors.StudyNotFound(studyId));

    /// <summary>
    /// Claims the lowest-numbered Waiting trial, else creates a Running one, with its first heartbeat when asked. With a
    /// <paramref name="budget"/>, workers in any number of processes together start exactly <paramref name="budget"/>
    /// trials: the check (trials started = the study's trial counter − Waiting trials) and the start happen under the
    /// study row lock. On PostgreSQL the usual cases (no budget; or no Waiting trial and budget left) are one statement.
    /// </summary>
    public FrozenTrial? StartTrial(long studyId, int? budget = null, bool recordHeartbeat = false) => _starter.Start(studyId, budget, recordHeartbeat);

    /// <summary>
    /// A worker's tell and next start in one round trip: on PostgreSQL one procedure call whose first transaction (the
    /// tell) commits durably before its second (the start, as <see cref="StartTrial"/>) begins; on SQLite one write
    /// transaction. A failed tell writes and starts nothing; a failed start keeps the tell.
    /// </summary>
    public FrozenTrial? FinishAndStartTrial(long trialId, TrialUpdate update, long studyId, int? budget = null, bool recordHeartbeat = false) =>
        _handover.Run(trialId, update, studyId, budget, recordHeartbeat);

    /// <inheritdoc />
    public (FrozenTrial? Next, PendingTell Tell) FinishAndStartTrialPipelined(long trialId, TrialUpdate update, long studyId, int? budget = null, bool recordHeartbeat = false) =>
        _handover.RunPipelined(trialId, update, studyId, budget, recordHeartbeat);

    /// <inheritdoc />
    public void SetParam(long trialId, string name, double internalValue, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        _writer.Update(trialId, new TrialUpdate
        {
            Params = new Dictionary<string, double>(StringComparer.Ordinal) { [name] = internalValue },
            Distributions = new Dictionary<string, Distribution>(StringComparer.Ordinal) { [name] = distribution },
        });
    }

    /// <inheritdoc />
    public bool SetState(long trialId, TrialState state, double? value = null)
    {
        if (state == TrialState.Waiting)
        {
            var (number, current) = _writer.CheckWritable(trialId);
            throw new QuarryException(ErrorCode.InvalidState, $"Trial {number} is {current}; a trial cannot move back to Waiting.");
        }
        if (state == TrialState.Running)
        {
            if (value is not null) throw new QuarryException(ErrorCode.InvalidParameter, $"A value can only be stored with Complete or Pruned, not {state}.");
            return _writer.SetRunning(trialId);
        }
        _writer.Update(trialId, new TrialUpdate { State = state, Value = value });
        return true;
    }

    /// <summary>
    /// Applies <paramref name="update"/> atomically: on PostgreSQL as one statement (one round trip, one commit), on
    /// SQLite as one write transaction. An error writes nothing.
    /// </summary>
    public void UpdateTrial(long trialId, TrialUpdate update) => _writer.Update(trialId, update);

    /// <inheritdoc />
    public void SetIntermediateValue(long trialId, int step, double value) =>
        _writer.Update(trialId, new TrialUpdate { IntermediateValues = new Dictionary<int, double> { [step] = value } });

    /// <inheritdoc />
    public void SetTrialUserAttribute(long trialId, string key, string json) =>
        _writer.Update(trialId, new TrialUpdate { UserAttributes = Attribute(key, json) });

    /// <inheritdoc />
    public void SetTrialSystemAttribute(long trialId, string key, string json) =>
        _writer.Update(trialId, new TrialUpdate { SystemAttributes = Attribute(key, json) });

    /// <inheritdoc />
    public FrozenTrial GetTrial(long trialId)
    {
        if (_snapshots.TryGet(trialId, out var cached)) return cached;
        var (_, loaded) = _runner.Run(c => _loader.Load(c, "t.trial_id = @t", cmd => cmd.With("t", trialId)));
        if (loaded.Count == 0) throw StorageErrors.TrialNotFound(trialId);
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
        throw StorageErrors.StudyNotFound(studyId);
    }

    /// <inheritdoc />
    public void RecordHeartbeat(long trialId) => _writer.Update(trialId, new TrialUpdate { Heartbeat = true });

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan grace)
    {
        var ids = _stale.Fail(studyId, grace);
        foreach (long id in ids) _snapshots.Forget(id);
        return [.. ids.Select(GetTrial).OrderBy(t => t.Number)];
    }

    /// <summary>Closes the connection pool when this storage opened it (<see cref="Open"/>).</summary>
    public void Dispose()
    {
        if (_ownsFactory) _runner.Factory.Dispose();
    }

    static Dictionary<string, string> Attribute(string key, string json)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(json);
        return new Dictionary<string, string>(StringComparer.Ordinal) { [key] = json };
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

    static long ToLong(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
