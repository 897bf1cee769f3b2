using System.Data.Common;
using Quarry.Storage;
using Quarry.Tracking.Registry;

namespace Quarry.Tracking.Storage.Internal;

/// <summary>Reads registered models and model versions, with their tags, aliases and latest versions, inside the caller's transaction.</summary>
internal static class RegistryReader
{
    const int ChunkSize = 500;

    const string VersionColumns = "v.model_id, m.name, v.version, v.creation_time, v.last_updated_time, v.user_id, v.current_stage, " +
                                  "v.description, v.source, v.run_id, v.status, v.status_message, v.run_link";

    /// <summary>The latest version of each stage of the models bound to <c>{0}</c>.</summary>
    const string LatestPerStage = "WHERE v.model_id IN ({0}) AND v.version = " +
        "(SELECT MAX(x.version) FROM model_versions x WHERE x.model_id = v.model_id AND x.current_stage = v.current_stage)";

    sealed record ModelRow(long Id, string Name, long Created, long Updated, string? UserId, string? Description);

    sealed record VersionRow(long ModelId, string Name, long Version, long Created, long Updated, string? UserId, string Stage,
        string? Description, string Source, string? RunId, string Status, string? StatusMessage, string? RunLink);

    /// <summary>
    /// The versions of <c>SELECT … FROM model_versions v JOIN registered_models m … {tail}</c> (<paramref name="tail"/>:
    /// WHERE / ORDER BY / LIMIT), in that order, with tags and aliases.
    /// </summary>
    public static async Task<List<ModelVersion>> VersionsQueryAsync(DbConnection c, DbTransaction tx, string tail, Action<DbCommand> bind,
        CancellationToken ct)
    {
        var cmd = c.Sql($"SELECT {VersionColumns} FROM model_versions v JOIN registered_models m ON m.model_id = v.model_id {tail}", tx);
        bind(cmd);
        var rows = await cmd.ListAsync(r => new VersionRow(r.Long(0), r.GetString(1), r.Long(2), r.Long(3), r.Long(4), Text(r, 5),
            r.GetString(6), Text(r, 7), r.GetString(8), Text(r, 9), r.GetString(10), Text(r, 11), Text(r, 12)), ct).ConfigureAwait(false);
        var tags = new Dictionary<(long, long), Dictionary<string, string>>();
        var aliases = new Dictionary<(long, long), List<string>>();
        foreach (var chunk in rows.Select(v => v.ModelId).Distinct().Chunk(ChunkSize))
        {
            foreach (var (model, version, key, value) in await TrackingReader.InList(
                    c.Sql("SELECT model_id, version, key, value FROM model_version_tags WHERE model_id IN ({0})", tx), chunk)
                .ListAsync(r => (r.Long(0), r.Long(1), r.GetString(2), r.GetString(3)), ct).ConfigureAwait(false))
                GetOrAdd(tags, (model, version), () => new Dictionary<string, string>(StringComparer.Ordinal))[key] = value;
            foreach (var (model, alias, version) in await AliasesAsync(c, tx, chunk, ct).ConfigureAwait(false))
                GetOrAdd(aliases, (model, version), () => []).Add(alias);
        }
        return [.. rows.Select(v => new ModelVersion(v.Name, TrackingCodec.Id(v.Version), v.Created, v.Updated, v.UserId,
            ModelStages.Parse(v.Stage), v.Description, v.Source, v.RunId, RegistryRules.Status(v.Status), v.StatusMessage, v.RunLink,
            tags.TryGetValue((v.ModelId, v.Version), out var t) ? t : new Dictionary<string, string>(StringComparer.Ordinal),
            aliases.TryGetValue((v.ModelId, v.Version), out var a) ? [.. a.Order(StringComparer.Ordinal)] : []))];
    }

    /// <summary>
    /// The models of <c>SELECT … FROM registered_models m {tail}</c>, in that order, with tags, aliases and the latest
    /// version of each stage (ordered None, Staging, Production, Archived).
    /// </summary>
    public static async Task<List<RegisteredModel>> ModelsQueryAsync(DbConnection c, DbTransaction tx, string tail, Action<DbCommand> bind,
        CancellationToken ct)
    {
        var cmd = c.Sql($"SELECT m.model_id, m.name, m.creation_time, m.last_updated_time, m.user_id, m.description FROM registered_models m {tail}", tx);
        bind(cmd);
        var rows = await cmd.ListAsync(r => new ModelRow(r.Long(0), r.GetString(1), r.Long(2), r.Long(3), Text(r, 4), Text(r, 5)), ct)
            .ConfigureAwait(false);
        var idByName = rows.ToDictionary(m => m.Name, m => m.Id, StringComparer.Ordinal);
        var tags = new Dictionary<long, Dictionary<string, string>>();
        var aliases = new Dictionary<long, Dictionary<string, string>>();
        var latest = new Dictionary<long, List<ModelVersion>>();
        foreach (var chunk in rows.Select(m => m.Id).Chunk(ChunkSize))
        {
            foreach (var (model, key, value) in await TrackingReader.InList(
                    c.Sql("SELECT model_id, key, value FROM registered_model_tags WHERE model_id IN ({0})", tx), chunk)
                .ListAsync(r => (r.Long(0), r.GetString(1), r.GetString(2)), ct).ConfigureAwait(false))
                GetOrAdd(tags, model, () => new Dictionary<string, string>(StringComparer.Ordinal))[key] = value;
            foreach (var (model, alias, version) in await AliasesAsync(c, tx, chunk, ct).ConfigureAwait(false))
                GetOrAdd(aliases, model, () => new Dictionary<string, string>(StringComparer.Ordinal))[alias] = TrackingCodec.Id(version);
            foreach (var version in await VersionsQueryAsync(c, tx, LatestPerStage, cmd => TrackingReader.InList(cmd, chunk), ct).ConfigureAwait(false))
                GetOrAdd(latest, idByName[version.Name], () => []).Add(version);
        }
        return [.. rows.Select(m => new RegisteredModel(m.Name, m.Created, m.Updated, m.UserId, m.Description,
            latest.TryGetValue(m.Id, out var l) ? [.. l.OrderBy(v => v.CurrentStage)] : [],
            tags.TryGetValue(m.Id, out var t) ? t : new Dictionary<string, string>(StringComparer.Ordinal),
            aliases.TryGetValue(m.Id, out var a) ? a : new Dictionary<string, string>(StringComparer.Ordinal)))];
    }

    static Task<List<(long Model, string Alias, long Version)>> AliasesAsync(DbConnection c, DbTransaction tx, long[] models, CancellationToken ct) =>
        TrackingReader.InList(c.Sql("SELECT model_id, alias, version FROM registered_model_aliases WHERE model_id IN ({0})", tx), models)
            .ListAsync(r => (r.Long(0), r.GetString(1), r.Long(2)), ct);

    static TValue GetOrAdd<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key, Func<TValue> create) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var value)) map[key] = value = create();
        return value;
    }

    static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
