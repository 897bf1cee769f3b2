using Quarry.Storage;
using Quarry.Storage.Testing;

namespace Quarry.Benchmarks;

/// <summary>
/// The store a server benchmark measures, seeded once: a SQLite file cached in <c>bench/.cache/</c> (each run measures a
/// fresh copy, so the cache stays as seeded) or a database in a private durable PostgreSQL cluster.
/// </summary>
internal static class SeededStore
{
    /// <summary>
    /// Seeds the <paramref name="kind"/> store (<c>sqlite</c> or <c>postgresql</c>) with <paramref name="seed"/>, then
    /// runs <paramref name="measure"/> with its location, a scratch folder (deleted afterwards) and what the seed returned.
    /// </summary>
    /// <param name="kind">sqlite or postgresql.</param>
    /// <param name="name">The cache file's name without extension, and the PostgreSQL database's name.</param>
    /// <param name="seed">Fills the store at a location (idempotent: a cached file is already seeded).</param>
    /// <param name="measure">Runs against the seeded store's location with a scratch folder.</param>
    public static async Task MeasureAsync<T>(string kind, string name, Func<string, Task<T>> seed, Func<string, string, T, Task> measure)
    {
        if (kind == "sqlite")
        {
            var cache = Path.Combine(Workspace.RepoRoot(), "bench", ".cache", name + ".db");
            Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
            var seeded = await seed("sqlite:" + cache).ConfigureAwait(false);
            await InScratchAsync(dir =>
            {
                var file = Path.Combine(dir, "tracking.db");
                File.Copy(cache, file);
                return measure("sqlite:" + file, dir, seeded);
            }).ConfigureAwait(false);
        }
        else if (kind == "postgresql")
        {
            using var server = PostgresServer.Start(durable: true);
            var url = server.CreateDatabase("quarry_" + name.Replace('-', '_'));
            var seeded = await seed(url).ConfigureAwait(false);
            Vacuum(url);
            await InScratchAsync(dir => measure(url, dir, seeded)).ConfigureAwait(false);
        }
        else throw new ArgumentException($"Unknown store '{kind}' (fix: sqlite or postgresql).");
    }

    /// <summary>
    /// What autovacuum does to a database in service, done now: a freshly seeded table has no visibility map yet, so
    /// index-only scans would read the table rows too (a runs search then costs several times its steady-state work).
    /// </summary>
    static void Vacuum(string url)
    {
        using var factory = ConnectionFactory.Create(url);
        using var connection = factory.Open();
        var vacuum = connection.Sql("VACUUM ANALYZE");
        vacuum.CommandTimeout = 0;
        vacuum.Exec();
    }

    static async Task InScratchAsync(Func<string, Task> run)
    {
        var dir = Path.Combine(Path.GetTempPath(), "quarry-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try { await run(dir).ConfigureAwait(false); }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
