using System.Globalization;
using Quarry.Storage;
using Quarry.Tracking.Storage;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>Looks at the tables themselves after a purge: nothing of the purged run or experiment may remain.</summary>
internal static class PurgeRowChecks
{
    static readonly string[] RunTables = ["metric_blocks", "latest_metrics", "params", "tags", "run_inputs", "run_input_tags", "runs"];

    public static async Task AssertPurgeLeavesNoRowsAsync(string location)
    {
        using var store = SqlTrackingStore.Open(location);
        using var factory = ConnectionFactory.Create(location);
        var exp = await store.CreateExperimentAsync($"purge-{Guid.NewGuid():N}", null, new Dictionary<string, string> { ["k"] = "v" });
        var runs = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            var id = (await store.CreateRunAsync(exp, "u", i)).Info.RunId;
            await store.LogBatchAsync(id, [new Metric("m", 1, 1, 0), new Metric("m", 2, 2, 1)], [new Param("p", "v")], [new RunTag("t", "v")]);
            await store.LogInputsAsync(id, [new RunInput(new Dataset("d", "x", "local", "s"), [new RunTag("mlflow.data.context", "train")])]);
            runs.Add(id);
        }
        Assert.All(RunTables, table => Assert.True(Count(factory, table, "run_uuid", runs[0]) > 0, table));

        await store.DeleteRunAsync(runs[0]);
        await store.PurgeRunAsync(runs[0]);
        Assert.All(RunTables, table => Assert.Equal(0, Count(factory, table, "run_uuid", runs[0])));
        Assert.All(RunTables, table => Assert.True(Count(factory, table, "run_uuid", runs[1]) > 0, table));
        Assert.Equal(1, Count(factory, "datasets", "experiment_id", exp)); // still used by the other run

        await store.DeleteExperimentAsync(exp);
        await store.PurgeExperimentAsync(exp);
        Assert.All(RunTables, table => Assert.Equal(0, Count(factory, table, "run_uuid", runs[1])));
        foreach (var table in new[] { "datasets", "experiment_tags", "runs", "experiments" })
            Assert.Equal(0, Count(factory, table, "experiment_id", exp));
    }

    static long Count(IConnectionFactory factory, string table, string column, string id)
    {
        using var connection = factory.Open();
        var cmd = connection.Sql($"SELECT COUNT(*) FROM {table} WHERE {column} = @id");
        if (column == "experiment_id") cmd.With("id", long.Parse(id, CultureInfo.InvariantCulture));
        else cmd.With("id", id);
        return Convert.ToInt64(cmd.Scalar(), CultureInfo.InvariantCulture);
    }
}
