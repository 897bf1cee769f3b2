using Quarry.Storage.Testing;

namespace Quarry.Storage.Tests;

/// <summary>The session settings every pooled PostgreSQL connection of a store gets.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionSettingsTests(PostgresFixture postgres)
{
    [Fact]
    public void Store_sessions_run_without_parallel_query_unless_the_location_sets_it()
    {
        string url = postgres.CreateDatabase();
        Assert.Equal("0", Setting(url, "max_parallel_workers_per_gather"));
        string own = url + "?options=" + Uri.EscapeDataString("-c max_parallel_workers_per_gather=3 -c work_mem=8MB");
        Assert.Equal("3", Setting(own, "max_parallel_workers_per_gather"));
        Assert.Equal("8MB", Setting(own, "work_mem"));
        Assert.Equal("0", Setting(url + "?options=" + Uri.EscapeDataString("-c work_mem=8MB"), "max_parallel_workers_per_gather"));
    }

    static string? Setting(string url, string name)
    {
        using var factory = ConnectionFactory.Create(url);
        using var c = factory.Open();
        return c.Sql($"SHOW {name}").Scalar() as string;
    }
}
