using System.Text.Json;
using Quarry.Core;
using Quarry.Tracking.Registry;
using Quarry.Tracking.Rest;
using static Quarry.Tracking.Tests.Support.JsonText;

namespace Quarry.Tracking.Tests.Rest;

public class MlflowRegistryJsonTests
{
    static readonly ModelVersion Version = new("fx-carry", "2", 1718000000000, 1718000000005, "alice", ModelStage.Production,
        "second cut", "runs:/abc/model", "0123456789abcdef0123456789abcdef", ModelVersionStatus.Ready, null, null,
        new Dictionary<string, string> { ["fold"] = "3", ["empty"] = "" }, ["champion"]);

    static readonly RegisteredModel Model = new("fx-carry", 1717000000000, 1718000000005, null, "G10 carry", [Version],
        new Dictionary<string, string> { ["desk"] = "fx" }, new Dictionary<string, string> { ["champion"] = "2" });

    [Fact]
    public void Version_is_written_in_proto_order_with_empty_fields_omitted()
    {
        Assert.Equal(Q(
            "{'name':'fx-carry','version':'2','creation_timestamp':1718000000000,'last_updated_timestamp':1718000000005," +
            "'user_id':'alice','current_stage':'Production','description':'second cut','source':'runs:/abc/model'," +
            "'run_id':'0123456789abcdef0123456789abcdef','status':'READY','tags':[{'key':'empty'},{'key':'fold','value':'3'}]," +
            "'aliases':['champion']}"),
            Write(w => MlflowRegistryJson.WriteVersion(w, Version)));
    }

    [Fact]
    public void Model_and_version_round_trip_through_the_reader()
    {
        var model = MlflowRegistryJson.ReadModel(Parse(Write(w => MlflowRegistryJson.WriteModel(w, Model))));
        Assert.Equal((Model.Name, Model.CreationTimestamp, Model.LastUpdatedTimestamp, Model.UserId, Model.Description),
            (model.Name, model.CreationTimestamp, model.LastUpdatedTimestamp, model.UserId, model.Description));
        Assert.Equal(Model.Tags, model.Tags);
        Assert.Equal(Model.Aliases, model.Aliases);
        var version = Assert.Single(model.LatestVersions);
        Assert.Equal(Version with { Tags = version.Tags, Aliases = version.Aliases }, version);
        Assert.Equal(Version.Tags, version.Tags);
        Assert.Equal(Version.Aliases, version.Aliases);
    }

    [Fact]
    public void Reader_is_lenient_as_an_MLflow_client_must_be()
    {
        // mlflow-go writes int64 as strings; stages come in any case; status by proto number; absent lists and strings.
        var version = MlflowRegistryJson.ReadVersion(Parse(Q(
            "{'name':'m','version':'3','creation_timestamp':'1718000000000','current_stage':'staging','status':1,'unknown':true}")));
        Assert.Equal(("m", "3", 1718000000000L, ModelStage.Staging, ModelVersionStatus.PendingRegistration),
            (version.Name, version.Version, version.CreationTimestamp, version.CurrentStage, version.Status));
        Assert.Equal((null, null, null, "", 0L), (version.UserId, version.Description, version.RunId, version.Source, version.LastUpdatedTimestamp));
        Assert.Empty(version.Tags);
        Assert.Empty(version.Aliases);
        Assert.Equal(ModelStage.None, MlflowRegistryJson.ReadVersion(Parse(Q("{'name':'m','version':'1'}"))).CurrentStage);
        Assert.Equal(ModelVersionStatus.Ready, MlflowRegistryJson.ReadVersion(Parse(Q("{'name':'m','version':'1'}"))).Status);
    }

    [Theory]
    [InlineData("{'version':'1'}", "name")]
    [InlineData("{'name':'m'}", "version")]
    [InlineData("{'name':'m','version':'1','status':'DONE'}", "status")]
    [InlineData("{'name':'m','version':'1','aliases':'champion'}", "aliases")]
    public void Reader_rejects_a_version_missing_or_mistyping_a_field(string json, string field)
    {
        var e = Assert.Throws<QuarryException>(() => MlflowRegistryJson.ReadVersion(Parse(Q(json))));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.Contains($"'{field}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_round_trips_and_omits_an_unknown_user()
    {
        var transition = new StageTransition("fx-carry", "2", ModelStage.Production, ModelStage.Archived, 1718000000009, null);
        string json = Write(w => MlflowRegistryJson.WriteTransition(w, transition));
        Assert.Equal(Q("{'version':'2','from_stage':'Production','to_stage':'Archived','timestamp':1718000000009}"), json);
        Assert.Equal(transition, MlflowRegistryJson.ReadTransition("fx-carry", Parse(json)));
    }
}
