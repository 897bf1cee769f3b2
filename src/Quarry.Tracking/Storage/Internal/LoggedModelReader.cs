using System.Data.Common;
using Quarry.Storage;
using Quarry.Tracking.Models;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Reads logged models (with params, tags and linked metrics) inside the caller's transaction.</summary>
internal static class LoggedModelReader
{
    const int ChunkSize = 500;

    /// <summary>
    /// The models of <c>SELECT … FROM logged_models lm {tail}</c> (<paramref name="tail"/>: WHERE / ORDER BY / LIMIT), in
    /// that order, with params, tags and metrics loaded in one query per table per chunk of ids.
    /// </summary>
    public static async Task<List<LoggedModel>> QueryAsync(DbConnection c, DbTransaction tx, string tail, Action<DbCommand> bind, CancellationToken ct)
    {
        var cmd = c.Sql($"""
            SELECT lm.model_id, lm.experiment_id, lm.name, lm.artifact_location, lm.creation_timestamp_ms, lm.last_updated_timestamp_ms,
                lm.status, lm.model_type, lm.source_run_id, lm.status_message FROM logged_models lm {tail}
            """, tx);
        bind(cmd);
        var models = await cmd.ListAsync(r => new LoggedModel(r.GetString(0), TrackingCodec.Id(r.Long(1)), r.GetString(2), r.GetString(3),
            r.Long(4), r.Long(5), LoggedModelRules.Status(r.GetString(6)))
        {
            ModelType = r.IsDBNull(7) ? null : r.GetString(7),
            SourceRunId = r.IsDBNull(8) ? null : r.GetString(8),
            StatusMessage = r.IsDBNull(9) ? null : r.GetString(9),
        }, ct).ConfigureAwait(false);
        var @params = new Dictionary<string, List<Param>>(StringComparer.Ordinal);
        var tags = new Dictionary<string, List<RunTag>>(StringComparer.Ordinal);
        var metrics = new Dictionary<string, List<LoggedModelMetric>>(StringComparer.Ordinal);
        foreach (var chunk in models.Select(m => m.ModelId).Chunk(ChunkSize))
        {
            foreach (var (id, p) in await TrackingReader.InList(c.Sql("SELECT model_id, key, value FROM logged_model_params WHERE model_id IN ({0}) ORDER BY model_id, key", tx), chunk)
                .ListAsync(r => (r.GetString(0), new Param(r.GetString(1), r.GetString(2))), ct).ConfigureAwait(false))
                Add(@params, id, p);
            foreach (var (id, t) in await TrackingReader.InList(c.Sql("SELECT model_id, key, value FROM logged_model_tags WHERE model_id IN ({0}) ORDER BY model_id, key", tx), chunk)
                .ListAsync(r => (r.GetString(0), new RunTag(r.GetString(1), r.GetString(2))), ct).ConfigureAwait(false))
                Add(tags, id, t);
            foreach (var (id, m) in await TrackingReader.InList(c.Sql("""
                SELECT key, value, is_nan, timestamp, step, model_id, run_uuid FROM logged_model_metrics WHERE model_id IN ({0})
                ORDER BY model_id, key, step, timestamp, value
                """, tx), chunk)
                .ListAsync(r => (r.GetString(5), new LoggedModelMetric(TrackingReader.ReadMetric(r) with { ModelId = r.GetString(5) }, r.GetString(6))), ct)
                .ConfigureAwait(false))
                Add(metrics, id, m);
        }
        return [.. models.Select(m => m with
        {
            Params = @params.TryGetValue(m.ModelId, out var p) ? p : [],
            Tags = tags.TryGetValue(m.ModelId, out var t) ? t : [],
            Metrics = metrics.TryGetValue(m.ModelId, out var x) ? x : [],
        })];
    }

    /// <summary>The active model <paramref name="modelId"/>; NotFound when unknown or deleted.</summary>
    public static async Task<LoggedModel> ActiveAsync(DbConnection c, DbTransaction tx, string modelId, CancellationToken ct)
    {
        var found = await QueryAsync(c, tx, "WHERE lm.model_id = @id AND lm.lifecycle_stage = 'active'", cmd => cmd.With("id", modelId), ct)
            .ConfigureAwait(false);
        return found.Count == 1 ? found[0] : throw LoggedModelRules.NotFound(modelId);
    }

    /// <summary>Loads the model inputs and outputs of <paramref name="runIds"/> into the two maps.</summary>
    public static async Task AddRunModelsAsync(DbConnection c, DbTransaction tx, string[] runIds,
        Dictionary<string, List<string>> inputs, Dictionary<string, List<LoggedModelOutput>> outputs, CancellationToken ct)
    {
        foreach (var (run, model) in await TrackingReader.InList(c.Sql("SELECT run_uuid, model_id FROM run_model_inputs WHERE run_uuid IN ({0}) ORDER BY run_uuid, model_id", tx), runIds)
            .ListAsync(r => (r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false))
            Add(inputs, run, model);
        foreach (var (run, output) in await TrackingReader.InList(c.Sql("SELECT run_uuid, model_id, step FROM run_model_outputs WHERE run_uuid IN ({0}) ORDER BY run_uuid, model_id, step", tx), runIds)
            .ListAsync(r => (r.GetString(0), new LoggedModelOutput(r.GetString(1), r.Long(2))), ct).ConfigureAwait(false))
            Add(outputs, run, output);
    }

    static void Add<T>(Dictionary<string, List<T>> map, string key, T item)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(item);
    }
}
