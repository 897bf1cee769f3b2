using System.Data;
using System.Data.Common;
using System.Globalization;
using Quarry.Storage;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>
/// Validates and writes one log-inputs request (MLflow's <c>_validate_dataset_inputs</c> limits) inside the caller's
/// transaction, which already holds the run's row lock.
/// </summary>
internal static class InputsWriter
{
    public const int MaxInputs = 1000;
    public const int MaxNameLength = 500, MaxDigestLength = 36, MaxSourceLength = 65535;
    public const int MaxSchemaLength = 1048575, MaxProfileLength = 16777215;
    public const int MaxTagKeyLength = 255, MaxTagValueLength = 500;

    static readonly DbType[] DatasetTypes =
        [DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String];
    static readonly DbType[] InputTypes = [DbType.String, DbType.Int64];
    static readonly DbType[] TagTypes = [DbType.String, DbType.Int64, DbType.String, DbType.String];

    /// <summary>Checks every input before anything is written; InvalidParameter naming the input and field.</summary>
    public static void Validate(IReadOnlyList<RunInput> inputs)
    {
        if (inputs.Count > MaxInputs)
            throw BatchValidator.Invalid($"A log-inputs request can contain at most {MaxInputs} datasets. Got {inputs.Count} datasets (fix: split them across requests).");
        for (int i = 0; i < inputs.Count; i++)
        {
            string where = "input #" + i.ToString(CultureInfo.InvariantCulture);
            var d = inputs[i]?.Dataset ?? throw BatchValidator.Invalid($"Missing value for required parameter 'dataset' of {where}.");
            Required(d.Name, MaxNameLength, "name", where);
            Required(d.Digest, MaxDigestLength, "digest", where);
            Required(d.SourceType, int.MaxValue, "source_type", where);
            Required(d.Source, MaxSourceLength, "source", where);
            Optional(d.Schema, MaxSchemaLength, "schema", where);
            Optional(d.Profile, MaxProfileLength, "profile", where);
            foreach (var tag in inputs[i].Tags ?? [])
            {
                if (tag is null) throw BatchValidator.Invalid($"A tag of {where} is null.");
                Required(tag.Key, MaxTagKeyLength, "tag key", where);
                BatchValidator.Value(tag.Value, MaxTagValueLength, $"input tag '{tag.Key}' of {where}");
            }
        }
    }

    static void Required(string? value, int max, string field, string where)
    {
        if (string.IsNullOrEmpty(value)) throw BatchValidator.Invalid($"Missing value for required parameter 'dataset.{field}' of {where}.");
        Optional(value, max, field, where);
    }

    static void Optional(string? value, int max, string field, string where)
    {
        if (value is not null && value.Length > max)
            throw BatchValidator.Invalid($"The dataset {field} of {where} has {value.Length} characters, exceeding the maximum length of {max}.");
    }

    /// <summary>
    /// Upserts the datasets into the run's experiment (an existing (name, digest) is reused unchanged) and links the ones
    /// the run does not have yet, with their tags (the last value of a repeated key wins). Repeated (name, digest) pairs
    /// in the request count once: the first wins.
    /// </summary>
    public static async Task WriteAsync(DbConnection c, DbTransaction tx, string runId, long experimentId, IReadOnlyList<RunInput> inputs,
        CancellationToken ct)
    {
        var unique = new Dictionary<(string Name, string Digest), RunInput>();
        foreach (var input in inputs) unique.TryAdd((input.Dataset.Name, input.Dataset.Digest), input);
        if (unique.Count == 0) return;
        await MultiRowInsert.RunAsync(c, tx,
            "INSERT INTO datasets (experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile)",
            "ON CONFLICT (experiment_id, name, digest) DO NOTHING", DatasetTypes,
            [.. unique.Values.Select(i => new object?[] { experimentId, i.Dataset.Name, i.Dataset.Digest, i.Dataset.SourceType, i.Dataset.Source, i.Dataset.Schema, i.Dataset.Profile })],
            ct).ConfigureAwait(false);
        var ids = await DatasetIdsAsync(c, tx, experimentId, [.. unique.Keys.Select(k => k.Name).Distinct()], ct).ConfigureAwait(false);
        var linked = (await c.Sql("SELECT dataset_id FROM run_inputs WHERE run_uuid = @run", tx).With("run", runId)
            .ListAsync(r => r.Long(0), ct).ConfigureAwait(false)).ToHashSet();
        var fresh = unique.Where(kv => !linked.Contains(ids[kv.Key])).ToList();
        await MultiRowInsert.RunAsync(c, tx, "INSERT INTO run_inputs (run_uuid, dataset_id)", "", InputTypes,
            [.. fresh.Select(kv => new object?[] { runId, ids[kv.Key] })], ct).ConfigureAwait(false);
        var tags = new List<object?[]>();
        foreach (var (key, input) in fresh)
        {
            var last = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var t in input.Tags ?? []) last[t.Key] = t.Value;
            tags.AddRange(last.Select(t => new object?[] { runId, ids[key], t.Key, t.Value }));
        }
        await MultiRowInsert.RunAsync(c, tx, "INSERT INTO run_input_tags (run_uuid, dataset_id, key, value)", "", TagTypes, tags, ct)
            .ConfigureAwait(false);
    }

    static async Task<Dictionary<(string, string), long>> DatasetIdsAsync(DbConnection c, DbTransaction tx, long experimentId,
        IReadOnlyList<string> names, CancellationToken ct)
    {
        var ids = new Dictionary<(string, string), long>();
        foreach (var chunk in names.Chunk(500))
        {
            var cmd = c.Sql("SELECT dataset_id, name, digest FROM datasets WHERE experiment_id = @e AND name IN (" +
                string.Join(", ", chunk.Select((_, i) => "@n" + i.ToString(CultureInfo.InvariantCulture))) + ")", tx).With("e", experimentId);
            for (int i = 0; i < chunk.Length; i++) cmd.With("n" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
            foreach (var (id, name, digest) in await cmd.ListAsync(r => (r.Long(0), r.GetString(1), r.GetString(2)), ct).ConfigureAwait(false))
                ids[(name, digest)] = id;
        }
        return ids;
    }
}
