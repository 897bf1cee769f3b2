using System.Data.Common;
using System.Text.Json;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Reads experiments and runs inside the caller's transaction.</summary>
internal static class TrackingReader
{
    const string ExperimentColumns = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";
    const string RunColumns = "run_uuid, name, experiment_id, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage";

    const string SearchRunColumns = "r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";

    /// <summary>How many ids one query reads at a time (an id list is one parameter; this bounds one result set).</summary>
    const int ChunkSize = 500;

    public static Task<List<Experiment>> ExperimentsAsync(DbConnection c, DbTransaction? tx, string where, Action<DbCommand> bind, CancellationToken ct) =>
        ExperimentsQueryAsync(c, tx, where, "e.experiment_id ASC", "", bind, ct);

    /// <summary>
    /// The experiments of <c>SELECT … FROM experiments e {where} ORDER BY {order} {limit}</c>, in that order, each
    /// with its tags, in ONE statement: its own consistent snapshot, so it needs no transaction (<paramref name="tx"/>
    /// may be null) and costs one round trip. The tags are aggregated per experiment after the page is cut, so a
    /// long list of experiments does not have all of its tags read.
    /// </summary>
    public static async Task<List<Experiment>> ExperimentsQueryAsync(DbConnection c, DbTransaction? tx, string where, string order, string limit,
        Action<DbCommand> bind, CancellationToken ct)
    {
        string tags = SqlDialect.Of(c).JsonObjectAgg("t.key", "t.value");
        var cmd = c.Sql($"SELECT {ExperimentColumns}, (SELECT {tags} FROM experiment_tags t WHERE t.experiment_id = e.experiment_id) " +
                        $"FROM (SELECT {ExperimentColumns} FROM experiments e {where} ORDER BY {order} {limit}) e ORDER BY {order}", tx);
        bind(cmd);
        return await cmd.ListAsync(r => new Experiment(TrackingCodec.Id(r.Long(0)), r.GetString(1), r.GetString(2), r.GetString(3),
            r.Long(4), r.Long(5), ReadTags(r, 6)), ct).ConfigureAwait(false);
    }

    static Dictionary<string, string> ReadTags(DbDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(ordinal)) ?? throw new InvalidDataException("experiment tags aggregated to JSON null");

    /// <summary>
    /// The runs of <c>SELECT … FROM runs r {tail}</c> (<paramref name="tail"/>: WHERE / ORDER BY / LIMIT), in that
    /// order, with latest metrics, params and tags loaded in one query per table (per chunk of run ids).
    /// </summary>
    public static async Task<List<Run>> RunsQueryAsync(DbConnection c, DbTransaction tx, string tail, Action<DbCommand> bind, CancellationToken ct)
    {
        var cmd = c.Sql($"SELECT {SearchRunColumns} FROM runs r {tail}", tx);
        bind(cmd);
        var infos = await cmd.ListAsync(ReadRunInfo, ct).ConfigureAwait(false);
        var metrics = new Dictionary<string, List<Metric>>(StringComparer.Ordinal);
        var @params = new Dictionary<string, List<Param>>(StringComparer.Ordinal);
        var tags = new Dictionary<string, List<RunTag>>(StringComparer.Ordinal);
        var inputs = new RunLinks();
        foreach (var chunk in infos.Select(i => i.RunId).Chunk(ChunkSize))
        {
            await inputs.LoadAsync(c, tx, chunk, ct).ConfigureAwait(false);
            foreach (var (run, m) in await InList(c.Sql("SELECT key, value, is_nan, timestamp, step, run_uuid FROM latest_metrics WHERE run_uuid IN ({0}) ORDER BY run_uuid, key", tx), chunk)
                .ListAsync(r => (r.GetString(5), ReadMetric(r)), ct).ConfigureAwait(false))
                Add(metrics, run, m);
            foreach (var (run, p) in await InList(c.Sql("SELECT run_uuid, key, value FROM params WHERE run_uuid IN ({0}) ORDER BY run_uuid, key", tx), chunk)
                .ListAsync(r => (r.GetString(0), new Param(r.GetString(1), r.GetString(2))), ct).ConfigureAwait(false))
                Add(@params, run, p);
            foreach (var (run, t) in await InList(c.Sql("SELECT run_uuid, key, value FROM tags WHERE run_uuid IN ({0}) ORDER BY run_uuid, key", tx), chunk)
                .ListAsync(r => (r.GetString(0), new RunTag(r.GetString(1), r.GetString(2))), ct).ConfigureAwait(false))
                Add(tags, run, t);
        }
        return [.. infos.Select(i => WithInputs(new Run(i, new RunData(Get(metrics, i.RunId), Get(@params, i.RunId), Get(tags, i.RunId))), inputs))];
    }

    /// <summary>
    /// The runs of a runs search index's page in order: those it built as they are, the others (runs with inputs or
    /// model links) read by id in one query; a run no longer found is skipped.
    /// </summary>
    public static async Task<List<Run>> CompleteIndexedPageAsync(DbConnection c, DbTransaction tx, List<Search.Index.IndexedPageRun> page,
        CancellationToken ct)
    {
        string[] missing = [.. page.Where(p => p.Run is null).Select(p => p.RunId)];
        if (missing.Length == 0) return page.ConvertAll(p => p.Run!);
        var read = (await RunsQueryAsync(c, tx, "WHERE r.run_uuid IN ({0})", cmd => InList(cmd, missing), ct).ConfigureAwait(false))
            .ToDictionary(r => r.Info.RunId, StringComparer.Ordinal);
        return [.. page.Select(p => p.Run ?? read.GetValueOrDefault(p.RunId)).OfType<Run>()];
    }

    /// <summary>Loads the inputs of <paramref name="runIds"/> (datasets by name then digest, ordinal; tags by key) into <paramref name="into"/>.</summary>
    static async Task AddInputsAsync(DbConnection c, DbTransaction tx, string[] runIds, Dictionary<string, List<RunInput>> into, CancellationToken ct)
    {
        var rows = await InList(c.Sql("""
            SELECT i.run_uuid, d.dataset_id, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile
            FROM run_inputs i JOIN datasets d ON d.dataset_id = i.dataset_id WHERE i.run_uuid IN ({0})
            """, tx), runIds).ListAsync(r => (Run: r.GetString(0), Id: r.Long(1), Dataset: new Dataset(r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7))), ct).ConfigureAwait(false);
        if (rows.Count == 0) return;
        var tags = new Dictionary<(string, long), List<RunTag>>();
        foreach (var (run, id, tag) in await InList(c.Sql("SELECT run_uuid, dataset_id, key, value FROM run_input_tags WHERE run_uuid IN ({0})", tx), runIds)
            .ListAsync(r => (r.GetString(0), r.Long(1), new RunTag(r.GetString(2), r.GetString(3))), ct).ConfigureAwait(false))
        {
            if (!tags.TryGetValue((run, id), out var list)) tags[(run, id)] = list = [];
            list.Add(tag);
        }
        foreach (var row in rows.OrderBy(r => r.Dataset.Name, StringComparer.Ordinal).ThenBy(r => r.Dataset.Digest, StringComparer.Ordinal))
        {
            var inputTags = tags.TryGetValue((row.Run, row.Id), out var list)
                ? (IReadOnlyList<RunTag>)[.. list.OrderBy(t => t.Key, StringComparer.Ordinal)]
                : [];
            Add(into, row.Run, new RunInput(row.Dataset, inputTags));
        }
    }

    // Runs without inputs keep the shared empty default, so such snapshots stay equal to one another.
    static Run WithInputs(Run run, RunLinks links)
    {
        string id = run.Info.RunId;
        if (links.Datasets.TryGetValue(id, out var list)) run = run with { Inputs = list };
        if (links.ModelInputs.TryGetValue(id, out var models)) run = run with { ModelInputs = models };
        if (links.ModelOutputs.TryGetValue(id, out var outputs)) run = run with { ModelOutputs = outputs };
        return run;
    }

    /// <summary>What runs link to: datasets and logged models used, logged models produced, by run id.</summary>
    sealed class RunLinks
    {
        public Dictionary<string, List<RunInput>> Datasets { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<string>> ModelInputs { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<Models.LoggedModelOutput>> ModelOutputs { get; } = new(StringComparer.Ordinal);

        public async Task LoadAsync(DbConnection c, DbTransaction tx, string[] runIds, CancellationToken ct)
        {
            await AddInputsAsync(c, tx, runIds, Datasets, ct).ConfigureAwait(false);
            await LoggedModelReader.AddRunModelsAsync(c, tx, runIds, ModelInputs, ModelOutputs, ct).ConfigureAwait(false);
        }
    }

    static void Add<T>(Dictionary<string, List<T>> map, string run, T item)
    {
        if (!map.TryGetValue(run, out var list)) map[run] = list = [];
        list.Add(item);
    }

    static List<T> Get<T>(Dictionary<string, List<T>> map, string run) => map.TryGetValue(run, out var list) ? list : [];

    /// <summary>
    /// Replaces <c>IN ({0})</c> in the command text with the dialect's membership test of one list parameter bound to
    /// <paramref name="ids"/> (strings or longs; <see cref="SqlDialect.InList"/>).
    /// </summary>
    public static DbCommand InList<T>(DbCommand cmd, T[] ids)
    {
        var dialect = SqlDialect.Of(cmd.Connection!);
        cmd.CommandText = cmd.CommandText.Replace("IN ({0})", dialect.InList("q_ids"), StringComparison.Ordinal);
        return dialect.BindList(cmd, "q_ids", ids);
    }

    static RunInfo ReadRunInfo(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), TrackingCodec.Id(r.Long(2)), r.GetString(3),
            TrackingCodec.Status(r.GetString(4)), r.Long(5), r.NullableLong(6), r.GetString(7), r.GetString(8));

    public static async Task<RunInfo?> RunInfoAsync(DbConnection c, DbTransaction tx, string runId, CancellationToken ct)
    {
        var rows = await c.Sql($"SELECT {RunColumns} FROM runs WHERE run_uuid = @run", tx).With("run", runId)
            .ListAsync(r => new RunInfo(r.GetString(0), r.GetString(1), TrackingCodec.Id(r.Long(2)), r.GetString(3),
                TrackingCodec.Status(r.GetString(4)), r.Long(5), r.NullableLong(6), r.GetString(7), r.GetString(8)), ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<Run?> RunAsync(DbConnection c, DbTransaction tx, string runId, CancellationToken ct)
    {
        if (await RunInfoAsync(c, tx, runId, ct).ConfigureAwait(false) is not { } info) return null;
        var metrics = await c.Sql("SELECT key, value, is_nan, timestamp, step FROM latest_metrics WHERE run_uuid = @run ORDER BY key", tx)
            .With("run", runId).ListAsync(ReadMetric, ct).ConfigureAwait(false);
        var @params = await c.Sql("SELECT key, value FROM params WHERE run_uuid = @run ORDER BY key", tx).With("run", runId)
            .ListAsync(r => new Param(r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false);
        var tags = await c.Sql("SELECT key, value FROM tags WHERE run_uuid = @run ORDER BY key", tx).With("run", runId)
            .ListAsync(r => new RunTag(r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false);
        var inputs = new RunLinks();
        await inputs.LoadAsync(c, tx, [runId], ct).ConfigureAwait(false);
        return WithInputs(new Run(info, new RunData(metrics, @params, tags)), inputs);
    }

    public static Metric ReadMetric(DbDataReader r) =>
        new(r.GetString(0), TrackingCodec.Load(r.Double(1), r.Long(2)), r.Long(3), r.Long(4));
}
