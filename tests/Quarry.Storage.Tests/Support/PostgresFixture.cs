using Xunit;

namespace Quarry.Storage.Testing;

/// <summary>One private PostgreSQL cluster shared by the test classes of the "PostgreSQL" collection; stopped after them.</summary>
public sealed class PostgresFixture : IDisposable
{
    readonly Lazy<PostgresServer> _server = new(() => PostgresServer.Start(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The running cluster (started on first use, so a missing PostgreSQL fails the tests that need it, with a clear message).</summary>
    public PostgresServer Server => _server.Value;

    readonly Lazy<string> _shared;

    /// <summary>Creates the fixture; nothing starts until a test asks for the server.</summary>
    public PostgresFixture() => _shared = new(() => Server.CreateDatabase("quarry_shared"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A fresh database's URL.</summary>
    public string CreateDatabase() => Server.CreateDatabase();

    /// <summary>One database for tests that keep apart by unique names (cheaper than a database per test).</summary>
    public string SharedDatabase => _shared.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_server.IsValueCreated) _server.Value.Dispose();
    }
}

/// <summary>Test classes that use <see cref="PostgresFixture"/> join this collection (they then run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "PostgreSQL";
}
