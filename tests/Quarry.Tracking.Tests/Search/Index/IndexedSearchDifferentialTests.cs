using Quarry.Storage.Testing;

namespace Quarry.Tracking.Tests.Search.Index;

/// <summary>
/// The §6 scenarios and the randomized filters of the SQL differential tests, answered by a store with the runs search
/// index forced on: the in-memory evaluator's ids in its order, on SQLite and on PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public class IndexedSearchDifferentialTests(PostgresFixture postgres)
{
    public static TheoryData<string> ScenarioNames => [.. SqlSearchScenarios.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_through_the_index_on_sqlite_matches_in_memory(string name)
    {
        using var db = SqlSearchDatabase.Sqlite();
        SqlSearchDifferential.AssertScenario(db, SqlSearchScenarios.All.Single(s => s.Name == name), indexed: true);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_through_the_index_on_postgres_matches_in_memory(string name)
    {
        using var db = SqlSearchDatabase.Open(postgres.CreateDatabase());
        SqlSearchDifferential.AssertScenario(db, SqlSearchScenarios.All.Single(s => s.Name == name), indexed: true);
    }

    [Fact]
    public void Random_runs_and_filters_through_the_index_on_sqlite_match_in_memory()
    {
        using var db = SqlSearchDatabase.Sqlite();
        SqlSearchDifferential.AssertRandom(db, seed: 20261122, rounds: 8, queriesPerRound: 60, indexed: true);
    }

    [Fact]
    public void Random_runs_and_filters_through_the_index_on_postgres_match_in_memory()
    {
        using var db = SqlSearchDatabase.Open(postgres.CreateDatabase());
        SqlSearchDifferential.AssertRandom(db, seed: 20261123, rounds: 8, queriesPerRound: 60, indexed: true);
    }
}
