using Quarry.Core;

namespace Quarry.Tracking.Tests.Storage;

/// <summary>LogInputs (spec mlflow-rest.md §3.2, §3.4) and dataset search (mlflow-search.md §1.1, S12).</summary>
public abstract partial class TrackingStoreContract
{
    static RunInput Input(string name, string digest, string? context = null, string source = "{\"uri\": \"file:///data\"}") =>
        new(new Dataset(name, digest, "local", source, "{\"cols\": 3}", null),
            context is null ? [] : [new RunTag("mlflow.data.context", context)]);

    [Fact]
    public async Task LogInputs_then_GetRun_returns_the_datasets_by_name_with_their_tags()
    {
        var (store, runId) = await NewRun();
        Assert.Empty((await store.GetRunAsync(runId)).Inputs);
        await store.LogInputsAsync(runId,
        [
            new RunInput(new Dataset("prices", "d1", "local", "{\"uri\": \"a\"}", "{\"cols\": 5}", "{\"rows\": 5036}"),
                [new RunTag("z", "last"), new RunTag("mlflow.data.context", "train"), new RunTag("z", "final")]),
            new RunInput(new Dataset("bench", "d2", "http", "{\"url\": \"b\"}"), []),
        ]);
        var inputs = (await store.GetRunAsync(runId)).Inputs;
        Assert.Equal(2, inputs.Count);
        Assert.Equal(new Dataset("bench", "d2", "http", "{\"url\": \"b\"}"), inputs[0].Dataset);
        Assert.Empty(inputs[0].Tags);
        Assert.Equal(new Dataset("prices", "d1", "local", "{\"uri\": \"a\"}", "{\"cols\": 5}", "{\"rows\": 5036}"), inputs[1].Dataset);
        Assert.Equal([new RunTag("mlflow.data.context", "train"), new RunTag("z", "final")], inputs[1].Tags);
    }

    [Fact]
    public async Task LogInputs_replayed_or_repeated_changes_nothing()
    {
        var (store, runId) = await NewRun();
        RunInput[] request = [Input("prices", "d1", "train"), Input("prices", "d1", "eval")];
        await store.LogInputsAsync(runId, request);
        var first = (await store.GetRunAsync(runId)).Inputs;
        await store.LogInputsAsync(runId, request);
        await store.LogInputsAsync(runId, [Input("prices", "d1", "test", source: "other")]);
        var again = (await store.GetRunAsync(runId)).Inputs;
        var only = Assert.Single(again);
        Assert.Equal(Assert.Single(first).Dataset, only.Dataset);
        Assert.Equal([new RunTag("mlflow.data.context", "train")], only.Tags); // the first of the first request
        await store.LogInputsAsync(runId, []);
        Assert.Single((await store.GetRunAsync(runId)).Inputs);
    }

    [Fact]
    public async Task LogInputs_reuses_a_dataset_within_an_experiment_but_not_across_experiments()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        var other = await store.CreateExperimentAsync(Unique("exp"));
        var a = (await store.CreateRunAsync(exp, "u", 1)).Info.RunId;
        var b = (await store.CreateRunAsync(exp, "u", 2)).Info.RunId;
        var c = (await store.CreateRunAsync(other, "u", 3)).Info.RunId;
        await store.LogInputsAsync(a, [Input("prices", "d1", "train", source: "first")]);
        await store.LogInputsAsync(b, [Input("prices", "d1", "eval", source: "second")]);
        await store.LogInputsAsync(c, [Input("prices", "d1", "eval", source: "third")]);
        Assert.Equal("first", Assert.Single((await store.GetRunAsync(b)).Inputs).Dataset.Source);
        Assert.Equal([new RunTag("mlflow.data.context", "eval")], Assert.Single((await store.GetRunAsync(b)).Inputs).Tags);
        Assert.Equal("third", Assert.Single((await store.GetRunAsync(c)).Inputs).Dataset.Source);
    }

    [Fact]
    public async Task LogInputs_on_unknown_or_deleted_run_throws()
    {
        var (store, runId) = await NewRun();
        await Throws(ErrorCode.NotFound, () => store.LogInputsAsync(Guid.NewGuid().ToString("N"), [Input("x", "d")]));
        await store.DeleteRunAsync(runId);
        await Throws(ErrorCode.InvalidState, () => store.LogInputsAsync(runId, [Input("x", "d")]));
        await store.RestoreRunAsync(runId);
        Assert.Empty((await store.GetRunAsync(runId)).Inputs);
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "name", "500" }, { "digest", "36" }, { "source", "65535" }, { "tagKey", "255" }, { "tagValue", "500" },
        { "noName", "dataset.name" }, { "noDigest", "dataset.digest" }, { "noSourceType", "dataset.source_type" }, { "noSource", "dataset.source" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task LogInputs_over_a_limit_or_missing_a_field_throws_InvalidParameter_and_writes_nothing(string field, string expected)
    {
        var (store, runId) = await NewRun();
        var d = new Dataset("ok", "digest", "local", "src");
        var bad = field switch
        {
            "name" => new RunInput(d with { Name = new string('n', 501) }, []),
            "digest" => new RunInput(d with { Digest = new string('d', 37) }, []),
            "source" => new RunInput(d with { Source = new string('s', 65536) }, []),
            "tagKey" => new RunInput(d, [new RunTag(new string('k', 256), "v")]),
            "tagValue" => new RunInput(d, [new RunTag("k", new string('v', 501))]),
            "noName" => new RunInput(d with { Name = "" }, []),
            "noDigest" => new RunInput(d with { Digest = "" }, []),
            "noSourceType" => new RunInput(d with { SourceType = "" }, []),
            _ => new RunInput(d with { Source = "" }, []),
        };
        var e = await Throws(ErrorCode.InvalidParameter, () => store.LogInputsAsync(runId, [Input("good", "g"), bad]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("input #1", e.Message, StringComparison.Ordinal);
        Assert.Empty((await store.GetRunAsync(runId)).Inputs);
    }

    [Fact]
    public async Task LogInputs_accepts_values_at_the_limits_and_rejects_1001_datasets()
    {
        var (store, runId) = await NewRun();
        await store.LogInputsAsync(runId, [new RunInput(
            new Dataset(new string('n', 500), new string('d', 36), "local", new string('s', 65535), new string('c', 1048575), new string('p', 100_000)),
            [new RunTag(new string('k', 255), new string('v', 500))])]);
        var input = Assert.Single((await store.GetRunAsync(runId)).Inputs);
        Assert.Equal(1048575, input.Dataset.Schema!.Length);
        Assert.Equal(500, Assert.Single(input.Tags).Value.Length);
        var e = await Throws(ErrorCode.InvalidParameter, () => store.LogInputsAsync(runId,
            [.. Enumerable.Range(0, 1001).Select(i => Input($"n{i}", "d"))]));
        Assert.Contains("1000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogInputs_of_1000_datasets_is_chunked_and_fully_written()
    {
        var (store, runId) = await NewRun();
        await store.LogInputsAsync(runId, [.. Enumerable.Range(0, 1000).Select(i => Input($"n{i:D4}", $"d{i % 7}", i % 2 == 0 ? "train" : "eval"))]);
        var inputs = (await store.GetRunAsync(runId)).Inputs;
        Assert.Equal(1000, inputs.Count);
        Assert.Equal("n0000", inputs[0].Dataset.Name);
        Assert.Equal([new RunTag("mlflow.data.context", "eval")], inputs[999].Tags);
    }

    [Fact]
    public async Task SearchRuns_filters_on_dataset_name_digest_and_context_S12()
    {
        var store = CreateStore();
        var exp = await store.CreateExperimentAsync(Unique("exp"));
        async Task<string> Run(long start, params RunInput[] inputs)
        {
            var id = (await store.CreateRunAsync(exp, "u", start)).Info.RunId;
            await store.LogInputsAsync(id, inputs);
            return id;
        }
        var run1 = await Run(1, Input("name1", "digest1", "train"), Input("name2", "digest2", "eval"));
        var run2 = await Run(3, Input("name1", "digest1", "train"), Input("name3", "digest3", "eval"));
        var run3 = await Run(2, Input("name2", "digest2", "test"));
        var none = await Run(0);

        Task<List<string>> Ids(string filter) => SearchIds(store, exp, filter);
        Assert.Equal([run2, run1], await Ids("dataset.name = 'name1'"));
        Assert.Equal([run3, run1], await Ids("dataset.digest = 'digest2'"));
        Assert.Empty(await Ids("dataset.name = 'name4'"));
        Assert.Equal([run2, run1], await Ids("dataset.context = 'train'"));
        Assert.Equal([run3], await Ids("dataset.context = 'test' and dataset.name = 'name2'"));
        Assert.Equal([run2, run3, run1], await Ids("datasets.name IN ('name1','name2')"));
        Assert.Empty(await Ids("datasets.name LIKE 'Name%'"));
        Assert.Equal([run2, run3, run1], await Ids("datasets.name ILIKE 'Name%'"));
        Assert.Equal([run2, run3, run1], await Ids("datasets.context IN ('test','train')"));
        Assert.Equal([run2, run1], await Ids("datasets.context NOT IN ('test','train')"));
        Assert.Equal([run2, run3, run1], await Ids("datasets.digest != 'digest1'"));
        Assert.Equal([run2, run3, run1, none], await Ids(""));

        var found = (await store.SearchRunsAsync([exp], "dataset.name = 'name3'", ViewType.ActiveOnly, 10, null, null)).Runs.Single();
        Assert.Equal(["name1", "name3"], found.Inputs.Select(i => i.Dataset.Name));
        Assert.Equal([new RunTag("mlflow.data.context", "eval")], found.Inputs[1].Tags);
        var all = (await store.SearchRunsAsync([exp], null, ViewType.ActiveOnly, 10, null, null)).Runs;
        Assert.Empty(all.Single(r => r.Info.RunId == none).Inputs);
    }
}
