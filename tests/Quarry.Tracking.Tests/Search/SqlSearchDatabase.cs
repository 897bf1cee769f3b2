using System.Data.Common;
using Quarry.Storage;
using Quarry.Tracking.Search;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Search;

/// <summary>A tracking database (schema applied by the Migrator) into which tests insert runs with plain INSERTs and run compiled searches.</summary>
internal sealed class SqlSearchDatabase : IDisposable
{
    private readonly IConnectionFactory _factory;
    private readonly string? _sqliteFile;
    private long _experiment;
    private SqlTrackingStore? _indexed;

    private SqlSearchDatabase(IConnectionFactory factory, string? sqliteFile)
    {
        _factory = factory;
        _sqliteFile = sqliteFile;
        new Migrator(factory).Apply(TrackingSchema.Migrations);
    }

    public SqlDialect Dialect => _factory.Dialect;

    public static SqlSearchDatabase Sqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"quarry-sqlsearch-{Guid.NewGuid():N}.db");
        return new SqlSearchDatabase(ConnectionFactory.Create(StoreLocation.Parse($"sqlite:{path}")), path);
    }

    public static SqlSearchDatabase Open(string location) => new(ConnectionFactory.Create(location), null);

    /// <summary>Inserts <paramref name="runs"/> into a new experiment and returns its id (searches are scoped to it).</summary>
    public long Insert(IEnumerable<RunView> runs)
    {
        using var connection = _factory.Open();
        using var tx = _factory.Dialect.BeginWrite(connection);
        var name = "exp-" + Guid.NewGuid().ToString("N");
        var id = Convert.ToInt64(connection.Sql(
            "INSERT INTO experiments (name, artifact_location, creation_time, last_update_time) VALUES (@n, 'mem:', 0, 0) RETURNING experiment_id", tx)
            .With("n", name).Scalar(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var run in runs)
        {
            connection.Sql("""
                INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, artifact_uri)
                VALUES (@id, @name, @exp, @user, @status, @start, @end, @uri)
                """, tx)
                .With("id", run.RunId).With("name", run.RunName ?? "").With("exp", id).With("user", run.UserId ?? "")
                .With("status", run.Status).With("start", run.StartTime).With("end", run.EndTime is { } e ? e : null)
                .With("uri", run.ArtifactUri ?? "").Exec();
            foreach (var (k, v) in run.Params)
                connection.Sql("INSERT INTO params (run_uuid, key, value) VALUES (@r, @k, @v)", tx).With("r", run.RunId).With("k", k).With("v", v).Exec();
            foreach (var (k, v) in run.Tags)
                connection.Sql("INSERT INTO tags (run_uuid, key, value) VALUES (@r, @k, @v)", tx).With("r", run.RunId).With("k", k).With("v", v).Exec();
            foreach (var (k, v) in run.Metrics)
                connection.Sql("INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (@r, @k, @v, 0, 0, @nan)", tx)
                    .With("r", run.RunId).With("k", k).With("v", double.IsNaN(v) ? 0.0 : v).With("nan", double.IsNaN(v) ? 1 : 0).Exec();
            foreach (var d in run.Datasets) InsertInput(connection, tx, id, run.RunId, d);
        }
        tx.Commit();
        _experiment = id;
        return id;
    }

    /// <summary>Links a dataset (shared per experiment by name and digest) to a run, with its context as the input tag.</summary>
    private static void InsertInput(DbConnection connection, DbTransaction tx, long experiment, string runId, DatasetInput d)
    {
        connection.Sql("""
            INSERT INTO datasets (experiment_id, name, digest, dataset_source_type, dataset_source) VALUES (@e, @n, @d, 'local', 's')
            ON CONFLICT (experiment_id, name, digest) DO NOTHING
            """, tx).With("e", experiment).With("n", d.Name).With("d", d.Digest).Exec();
        var dataset = Convert.ToInt64(connection.Sql("SELECT dataset_id FROM datasets WHERE experiment_id = @e AND name = @n AND digest = @d", tx)
            .With("e", experiment).With("n", d.Name).With("d", d.Digest).Scalar(), System.Globalization.CultureInfo.InvariantCulture);
        connection.Sql("INSERT INTO run_inputs (run_uuid, dataset_id) VALUES (@r, @d)", tx).With("r", runId).With("d", dataset).Exec();
        if (d.Context is { } context)
            connection.Sql("INSERT INTO run_input_tags (run_uuid, dataset_id, key, value) VALUES (@r, @d, 'mlflow.data.context', @v)", tx)
                .With("r", runId).With("d", dataset).With("v", context).Exec();
    }

    /// <summary>Compiles and runs a search over the last inserted experiment; the run ids in result order.</summary>
    public string[] Search(string filter, params string[] orderBy) =>
        Search(SearchFilter.Parse(filter), OrderBy.Parse(orderBy));

    public string[] Search(SearchFilter filter, IReadOnlyList<OrderClause> orderBy)
    {
        var q = SqlSearchCompiler.Compile(filter, orderBy, _factory.Dialect);
        using var connection = _factory.Open();
        using var cmd = connection.Sql($"SELECT r.run_uuid FROM runs r {q.Joins} WHERE r.experiment_id = @exp_id AND ({q.Where}) ORDER BY {q.OrderBy}");
        cmd.With("exp_id", _experiment);
        foreach (var (name, value) in q.Parameters)
        {
            if (value is double d) cmd.With(name, d);
            else cmd.With(name, (string)value);
        }
        using var reader = cmd.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return [.. ids];
    }

    /// <summary>
    /// The same search through a <see cref="SqlTrackingStore"/> on this database with the runs search index forced on
    /// (the last inserted experiment is new, so its index is built from the rows inserted above).
    /// </summary>
    public string[] SearchIndexed(string filter, string[] orderBy)
    {
        _indexed ??= new SqlTrackingStore(_factory, new Quarry.Tracking.Search.Index.RunSearchIndexOptions { MinRuns = 0 });
        var page = _indexed.SearchRunsAsync([_experiment.ToString(System.Globalization.CultureInfo.InvariantCulture)], filter,
            ViewType.ActiveOnly, 50000, orderBy, null).GetAwaiter().GetResult();
        return [.. page.Runs.Select(r => r.Info.RunId)];
    }

    public void Dispose()
    {
        _indexed?.Dispose();
        _factory.Dispose();
        if (_sqliteFile is null) return;
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_sqliteFile) + "*"))
        {
            try { File.Delete(file); } catch (IOException) { }
        }
    }
}
