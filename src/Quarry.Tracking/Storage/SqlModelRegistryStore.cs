using System.Data.Common;
using System.Globalization;
using Quarry.Core;
using Quarry.Storage;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Storage.Internal;

namespace Quarry.Tracking.Storage;

/// <summary>
/// <see cref="IModelRegistryStore"/> in a SQL database (a SQLite file or PostgreSQL), usually the tracking store's
/// (<see cref="TrackingDatabase"/>), with the tables of <see cref="RegistrySchema"/> and MLflow's semantics: version
/// numbers counted per model from 1 and never reused (a counter on the model row, incremented in the creating
/// transaction, so concurrent creates never collide); stages case-insensitive on input; archive-existing-versions and
/// the transition history written in the same transaction as the transition; hard, cascading deletes; renames that
/// carry versions, tags, aliases and history along. Every write is one transaction, retried on transient errors. The
/// schema is created on open. Thread-safe.
/// </summary>
public sealed class SqlModelRegistryStore : IModelRegistryStore, IDisposable
{
    const string ModelTag = "registered model tag", VersionTag = "model version tag";

    readonly SqlStoreCore _core;

    /// <summary>Opens the registry on <paramref name="factory"/> (not owned) and brings its schema up to date.</summary>
    public SqlModelRegistryStore(IConnectionFactory factory, RetryPolicy? retry = null, TimeProvider? time = null)
        : this(factory, retry, time, ownsFactory: false) { }

    SqlModelRegistryStore(IConnectionFactory factory, RetryPolicy? retry, TimeProvider? time, bool ownsFactory) =>
        _core = new SqlStoreCore(factory, retry, time, ownsFactory, RegistrySchema.Migrations);

    /// <summary>
    /// Opens the registry at <paramref name="location"/> (<c>sqlite:PATH</c>, <c>*.db</c>, <c>postgresql://…</c>; see
    /// <see cref="StoreLocation.Parse"/>), creating the schema when needed. Dispose it to close its connection pool.
    /// </summary>
    public static SqlModelRegistryStore Open(string location, RetryPolicy? retry = null, TimeProvider? time = null) =>
        SqlStoreCore.Open(location, factory => new SqlModelRegistryStore(factory, retry, time, ownsFactory: true));

    /// <summary>Where the data lives.</summary>
    public StoreLocation Location => Runner.Factory.Location;

    AsyncSqlRunner Runner => _core.Runner;
    SqlDialect Dialect => _core.Runner.Dialect;
    long Now => _core.Now;

    /// <inheritdoc />
    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyDictionary<string, string>? tags = null,
        string? description = null, string? userId = null, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        RegistryRules.Tags(tags, ModelTag);
        long now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            var id = await c.Sql("""
                INSERT INTO registered_models (name, creation_time, last_updated_time, user_id, description)
                VALUES (@name, @now, @now, @user, @description) ON CONFLICT (name) DO NOTHING RETURNING model_id
                """, tx).With("name", name).With("now", now).With("user", NullIfEmpty(userId)).With("description", NullIfEmpty(description))
                .ScalarAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new QuarryException(ErrorCode.AlreadyExists,
                    $"Registered Model (name={name}) already exists (fix: choose another name, or register a new version of it).");
            long model = Convert.ToInt64(id, CultureInfo.InvariantCulture);
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
                await UpsertModelTagAsync(c, tx, model, key, value, cancellationToken).ConfigureAwait(false);
            return await ModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        return Runner.ReadAsync((c, tx) => ModelAsync(c, tx, name, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        RegistryRules.Name(newName, "new_name");
        long now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            if (newName != name)
            {
                try
                {
                    await c.Sql("UPDATE registered_models SET name = @name, last_updated_time = @now WHERE model_id = @id", tx)
                        .With("name", newName).With("now", now).With("id", model).ExecAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbException e) when (Dialect.IsUniqueViolation(e))
                {
                    throw new QuarryException(ErrorCode.AlreadyExists, $"Registered Model (name={newName}) already exists (fix: choose another name).", e);
                }
            }
            return await ModelAsync(c, tx, newName, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        long now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            int n = await c.Sql("UPDATE registered_models SET description = @description, last_updated_time = @now WHERE name = @name", tx)
                .With("description", NullIfEmpty(description)).With("now", now).With("name", name).ExecAsync(cancellationToken).ConfigureAwait(false);
            if (n == 0) throw RegistryRules.NoModel(name);
            return await ModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        return Runner.WriteAsync(async (c, tx) =>
        {
            // The foreign keys cascade to tags, versions (and their tags), aliases and stage history.
            int n = await c.Sql("DELETE FROM registered_models WHERE name = @name", tx).With("name", name).ExecAsync(cancellationToken).ConfigureAwait(false);
            return n == 0 ? throw RegistryRules.NoModel(name) : n;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RegisteredModelsPage> SearchRegisteredModelsAsync(string? filter, int maxResults, IReadOnlyList<string>? orderBy,
        string? pageToken, CancellationToken cancellationToken = default)
    {
        PageToken.CheckMaxResults(maxResults, RegistrySearchLimits.MaxModelsMaxResults);
        var sql = new RegistrySearchSql(Dialect, versions: false);
        string where = sql.Where(filter), order = sql.Order(orderBy);
        long offset = PageToken.Decode(pageToken);
        var found = await Runner.ReadAsync((c, tx) => RegistryReader.ModelsQueryAsync(c, tx,
            $"WHERE {where} ORDER BY {order} LIMIT @q_limit OFFSET @q_offset",
            cmd => Bind(cmd, sql, maxResults, offset), cancellationToken), cancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Split(found, maxResults, offset);
        return new RegisteredModelsPage(page, next);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<ModelStage>? stages = null,
        CancellationToken cancellationToken = default)
    {
        var wanted = (stages ?? []).Select(s => { ModelStages.Name(s); return s; }).ToHashSet();
        var model = await GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
        return [.. model.LatestVersions.Where(v => wanted.Count == 0 || wanted.Contains(v.CurrentStage))];
    }

    /// <inheritdoc />
    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        RegistryRules.Tag(key, value, ModelTag);
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            return await UpsertModelTagAsync(c, tx, model, key, value, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        ArgumentNullException.ThrowIfNull(key);
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            int n = await c.Sql("DELETE FROM registered_model_tags WHERE model_id = @id AND key = @key", tx).With("id", model).With("key", key)
                .ExecAsync(cancellationToken).ConfigureAwait(false);
            return n == 0 ? throw new QuarryException(ErrorCode.NotFound, $"No tag with key '{key}' on registered model '{name}'.") : n;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        RegistryRules.Alias(alias);
        long number = RegistryRules.Version(version);
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            await StageOfAsync(c, tx, model, name, number, cancellationToken).ConfigureAwait(false);
            return await c.Sql("""
                INSERT INTO registered_model_aliases (model_id, alias, version) VALUES (@id, @alias, @version)
                ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version
                """, tx).With("id", model).With("alias", alias).With("version", number).ExecAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        if (string.IsNullOrEmpty(alias)) throw BatchValidator.Invalid("Missing value for required parameter 'alias'.");
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            return await c.Sql("DELETE FROM registered_model_aliases WHERE model_id = @id AND alias = @alias", tx).With("id", model)
                .With("alias", alias).ExecAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        if (string.IsNullOrEmpty(alias)) throw BatchValidator.Invalid("Missing value for required parameter 'alias'.");
        return Runner.ReadAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            var version = await c.Sql("SELECT version FROM registered_model_aliases WHERE model_id = @id AND alias = @alias", tx)
                .With("id", model).With("alias", alias).ScalarAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new QuarryException(ErrorCode.NotFound, $"Registered model alias {alias} not found (model '{name}').");
            return await VersionAsync(c, tx, name, Convert.ToInt64(version, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null,
        IReadOnlyDictionary<string, string>? tags = null, string? runLink = null, string? description = null,
        string? userId = null, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        RegistryRules.Source(source);
        RegistryRules.Tags(tags, VersionTag);
        long now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            // The counter row is the lock: concurrent creates of one model queue here and each gets the next number.
            var next = await c.Sql("""
                UPDATE registered_models SET next_version = next_version + 1, last_updated_time = @now WHERE name = @name
                RETURNING model_id, next_version
                """, tx).With("now", now).With("name", name).ListAsync(r => (Model: r.Long(0), Next: r.Long(1)), cancellationToken).ConfigureAwait(false);
            if (next.Count == 0) throw RegistryRules.NoModel(name);
            var (model, version) = (next[0].Model, next[0].Next - 1);
            await c.Sql("""
                INSERT INTO model_versions (model_id, version, creation_time, last_updated_time, user_id, current_stage, description,
                                            source, run_id, run_link, status)
                VALUES (@id, @version, @now, @now, @user, 'None', @description, @source, @run, @link, 'READY')
                """, tx).With("id", model).With("version", version).With("now", now).With("user", NullIfEmpty(userId))
                .With("description", NullIfEmpty(description)).With("source", source).With("run", NullIfEmpty(runId))
                .With("link", NullIfEmpty(runLink)).ExecAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
                await UpsertVersionTagAsync(c, tx, model, version, key, value, cancellationToken).ConfigureAwait(false);
            return await VersionAsync(c, tx, name, version, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        long number = RegistryRules.Version(version);
        return Runner.ReadAsync((c, tx) => VersionAsync(c, tx, name, number, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description,
        CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        long number = RegistryRules.Version(version);
        long now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            int n = await c.Sql("UPDATE model_versions SET description = @description, last_updated_time = @now WHERE model_id = @id AND version = @version", tx)
                .With("description", NullIfEmpty(description)).With("now", now).With("id", model).With("version", number)
                .ExecAsync(cancellationToken).ConfigureAwait(false);
            if (n == 0) throw RegistryRules.NoVersion(name, version);
            return await VersionAsync(c, tx, name, number, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion> TransitionStageAsync(string name, string version, ModelStage stage, bool archiveExistingVersions,
        string? userId = null, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        long number = RegistryRules.Version(version);
        ModelStages.Name(stage);
        RegistryRules.ArchiveStage(stage, archiveExistingVersions);
        long now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            // Locking the model row serialises the transitions of one model, so the set archived below is stable.
            long model = await ModelIdAsync(c, tx, name, cancellationToken, forUpdate: true).ConfigureAwait(false);
            var from = await StageOfAsync(c, tx, model, name, number, cancellationToken).ConfigureAwait(false);
            await RegistryTransitions.MoveAsync(c, tx, model, number, from, stage, now, userId, cancellationToken).ConfigureAwait(false);
            if (archiveExistingVersions)
                await RegistryTransitions.ArchiveOthersAsync(c, tx, model, number, stage, now, userId, cancellationToken).ConfigureAwait(false);
            await c.Sql("UPDATE registered_models SET last_updated_time = @now WHERE model_id = @id", tx).With("now", now).With("id", model)
                .ExecAsync(cancellationToken).ConfigureAwait(false);
            return await VersionAsync(c, tx, name, number, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StageTransition>> GetTransitionHistoryAsync(string name, string? version = null,
        CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        long? number = version is null ? null : RegistryRules.Version(version);
        return Runner.ReadAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            if (number is { } n) await StageOfAsync(c, tx, model, name, n, cancellationToken).ConfigureAwait(false);
            return await RegistryTransitions.HistoryAsync(c, tx, model, name, number, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        long number = RegistryRules.Version(version);
        long now = Now;
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            // The foreign keys cascade to the version's tags, aliases and stage history.
            int n = await c.Sql("DELETE FROM model_versions WHERE model_id = @id AND version = @version", tx).With("id", model)
                .With("version", number).ExecAsync(cancellationToken).ConfigureAwait(false);
            if (n == 0) throw RegistryRules.NoVersion(name, version);
            return await c.Sql("UPDATE registered_models SET last_updated_time = @now WHERE model_id = @id", tx).With("now", now)
                .With("id", model).ExecAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ModelVersionsPage> SearchModelVersionsAsync(string? filter, int maxResults, IReadOnlyList<string>? orderBy,
        string? pageToken, CancellationToken cancellationToken = default)
    {
        PageToken.CheckMaxResults(maxResults, RegistrySearchLimits.MaxVersionsMaxResults);
        var sql = new RegistrySearchSql(Dialect, versions: true);
        string where = sql.Where(filter), order = sql.Order(orderBy);
        long offset = PageToken.Decode(pageToken);
        var found = await Runner.ReadAsync((c, tx) => RegistryReader.VersionsQueryAsync(c, tx,
            $"WHERE {where} ORDER BY {order} LIMIT @q_limit OFFSET @q_offset",
            cmd => Bind(cmd, sql, maxResults, offset), cancellationToken), cancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Split(found, maxResults, offset);
        return new ModelVersionsPage(page, next);
    }

    /// <inheritdoc />
    public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        long number = RegistryRules.Version(version);
        RegistryRules.Tag(key, value, VersionTag);
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            await StageOfAsync(c, tx, model, name, number, cancellationToken).ConfigureAwait(false);
            return await UpsertVersionTagAsync(c, tx, model, number, key, value, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken = default)
    {
        RegistryRules.Name(name);
        long number = RegistryRules.Version(version);
        ArgumentNullException.ThrowIfNull(key);
        return Runner.WriteAsync(async (c, tx) =>
        {
            long model = await ModelIdAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            await StageOfAsync(c, tx, model, name, number, cancellationToken).ConfigureAwait(false);
            int n = await c.Sql("DELETE FROM model_version_tags WHERE model_id = @id AND version = @version AND key = @key", tx)
                .With("id", model).With("version", number).With("key", key).ExecAsync(cancellationToken).ConfigureAwait(false);
            return n == 0
                ? throw new QuarryException(ErrorCode.NotFound, $"No tag with key '{key}' on model version (name={name}, version={version}).")
                : n;
        }, cancellationToken);
    }

    /// <summary>Closes the connection pool when the store opened it (<see cref="Open"/>).</summary>
    public void Dispose() => _core.Dispose();

    static void Bind(DbCommand cmd, RegistrySearchSql sql, int maxResults, long offset)
    {
        SearchParameters.Bind(cmd, sql.Parameters);
        cmd.With("q_limit", (long)maxResults + 1).With("q_offset", offset);
    }

    async Task<long> ModelIdAsync(DbConnection c, DbTransaction tx, string name, CancellationToken ct, bool forUpdate = false)
    {
        var id = await c.Sql($"SELECT model_id FROM registered_models WHERE name = @name{(forUpdate ? Dialect.ForUpdate : "")}", tx)
            .With("name", name).ScalarAsync(ct).ConfigureAwait(false);
        return id is null ? throw RegistryRules.NoModel(name) : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    /// <summary>The stage of a version; NotFound when it does not exist.</summary>
    async Task<ModelStage> StageOfAsync(DbConnection c, DbTransaction tx, long model, string name, long version, CancellationToken ct)
    {
        var stage = await c.Sql("SELECT current_stage FROM model_versions WHERE model_id = @id AND version = @version", tx)
            .With("id", model).With("version", version).ScalarAsync(ct).ConfigureAwait(false);
        return stage is null ? throw RegistryRules.NoVersion(name, TrackingCodec.Id(version)) : ModelStages.Parse((string)stage);
    }

    static async Task<RegisteredModel> ModelAsync(DbConnection c, DbTransaction tx, string name, CancellationToken ct)
    {
        var found = await RegistryReader.ModelsQueryAsync(c, tx, "WHERE m.name = @name", cmd => cmd.With("name", name), ct).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : throw RegistryRules.NoModel(name);
    }

    static async Task<ModelVersion> VersionAsync(DbConnection c, DbTransaction tx, string name, long version, CancellationToken ct)
    {
        var found = await RegistryReader.VersionsQueryAsync(c, tx, "WHERE m.name = @name AND v.version = @version",
            cmd => cmd.With("name", name).With("version", version), ct).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : throw RegistryRules.NoVersion(name, TrackingCodec.Id(version));
    }

    static Task<int> UpsertModelTagAsync(DbConnection c, DbTransaction tx, long model, string key, string value, CancellationToken ct) =>
        c.Sql("""
            INSERT INTO registered_model_tags (model_id, key, value) VALUES (@id, @key, @value)
            ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value
            """, tx).With("id", model).With("key", key).With("value", value).ExecAsync(ct);

    static Task<int> UpsertVersionTagAsync(DbConnection c, DbTransaction tx, long model, long version, string key, string value, CancellationToken ct) =>
        c.Sql("""
            INSERT INTO model_version_tags (model_id, version, key, value) VALUES (@id, @version, @key, @value)
            ON CONFLICT (model_id, version, key) DO UPDATE SET value = excluded.value
            """, tx).With("id", model).With("version", version).With("key", key).With("value", value).ExecAsync(ct);

    static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
