using Quarry.Storage.Testing;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>Concurrent writes on PostgreSQL (a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWriteGroupTests(PostgresFixture postgres) : WriteGroupContract
{
    protected override string NewLocation() => postgres.CreateDatabase();
}
