using Quarry.Storage.Testing;

namespace Quarry.Tracking.Tests.Search;

/// <summary>The SqlSearchCompiler differential tests on a private PostgreSQL cluster: the same ids in the same order as in memory.</summary>
[Collection(PostgresCollection.Name)]
public class SqlSearchPostgresTests(PostgresFixture postgres)
{
    public static TheoryData<string> ScenarioNames => [.. SqlSearchScenarios.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_on_postgres_matches_in_memory(string name)
    {
        using var db = SqlSearchDatabase.Open(postgres.CreateDatabase());
        SqlSearchDifferential.AssertScenario(db, SqlSearchScenarios.All.Single(s => s.Name == name));
    }

    [Fact]
    public void Random_runs_and_filters_on_postgres_match_in_memory()
    {
        using var db = SqlSearchDatabase.Open(postgres.CreateDatabase());
        SqlSearchDifferential.AssertRandom(db, seed: 20261122, rounds: 8, queriesPerRound: 60);
    }

    [Fact]
    public void Injection_value_matches_only_the_run_holding_it_on_postgres()
    {
        using var db = SqlSearchDatabase.Open(postgres.CreateDatabase());
        db.Insert(
        [
            new("a") { RunName = "a", UserId = "u", ArtifactUri = "x", Params = new Dictionary<string, string> { ["p"] = "x' OR '1'='1" } },
            new("b") { RunName = "b", UserId = "u", ArtifactUri = "x", Params = new Dictionary<string, string> { ["p"] = "y\\" } },
        ]);
        Assert.Equal(["a"], db.Search("params.p = \"x' OR '1'='1\""));
        Assert.Equal(["b"], db.Search("params.p LIKE 'y\\'"));
        Assert.Empty(db.Search("params.p = \"y' OR '1'='1\""));
    }
}
