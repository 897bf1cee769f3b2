using System.Text.Json;
using Quarry.Tracking.Storage;
using static Quarry.Cli.Tests.QuarryProcess;
using static Quarry.Cli.Tests.TrackingCli;

namespace Quarry.Cli.Tests;

public class TrackingModelsTests
{
    [Fact]
    public async Task Models_register_transition_alias_show_and_history_round_trip()
    {
        var db = Path.Combine(TempDir(), "t.db");
        string runId, artifactUri;
        using (var store = SqlTrackingStore.Open("sqlite:" + db))
        {
            var exp = await store.CreateExperimentAsync("Alpha.Equities.Trend.SmaCross");
            var run = (await store.CreateRunAsync(exp, "alice", 1000)).Info;
            (runId, artifactUri) = (run.RunId, run.ArtifactUri);
        }
        var (code, stdout, stderr) = RunIn(db, "models", "register", "SmaCrossOrcl", "--run", runId, "--path", "model", "--tag", "symbol=ORCL");
        Assert.True(code == 0, stderr);
        Assert.Contains("created model SmaCrossOrcl", stdout);
        Assert.Contains("registered SmaCrossOrcl version 1", stdout);
        Assert.Equal(0, RunIn(db, "models", "register", "SmaCrossOrcl", "--run", runId).ExitCode);
        Assert.Equal(0, RunIn(db, "models", "transition", "SmaCrossOrcl", "1", "production").ExitCode);
        (code, stdout, stderr) = RunIn(db, "models", "transition", "SmaCrossOrcl", "2", "Production", "--archive-existing");
        Assert.True(code == 0, stderr);
        Assert.Contains("version 2 is now in Production", stdout);
        Assert.Equal(0, RunIn(db, "models", "alias", "SmaCrossOrcl", "champion", "2").ExitCode);

        (code, stdout, stderr) = RunIn(db, "models", "show", "SmaCrossOrcl", "--json");
        Assert.True(code == 0, stderr);
        var versions = JsonDocument.Parse(stdout).RootElement.GetProperty("model_versions").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], versions.Select(v => v.GetProperty("version").GetString()));
        Assert.Equal(["Archived", "Production"], versions.Select(v => v.GetProperty("current_stage").GetString()));
        Assert.Equal(artifactUri + "/model", versions[0].GetProperty("source").GetString());
        Assert.Equal("ORCL", versions[0].GetProperty("tags").GetProperty("symbol").GetString());
        Assert.Equal(["champion"], versions[1].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("READY", versions[1].GetProperty("status").GetString());

        (code, stdout, stderr) = RunIn(db, "models", "history", "SmaCrossOrcl", "--json");
        Assert.True(code == 0, stderr);
        var moves = JsonDocument.Parse(stdout).RootElement.GetProperty("transitions").EnumerateArray()
            .Select(t => $"{t.GetProperty("version").GetString()}:{t.GetProperty("from_stage").GetString()}>{t.GetProperty("to_stage").GetString()}").ToList();
        Assert.Equal(["1:None>Production", "2:None>Production", "1:Production>Archived"], moves);

        (code, stdout, _) = RunIn(db, "models", "list");
        Assert.Equal(0, code);
        Assert.Contains("Production: v2", stdout);
        Assert.Contains("champion → v2", stdout);

        (code, _, stderr) = RunIn(db, "models", "transition", "SmaCrossOrcl", "1", "Live");
        Assert.Equal(2, code);
        Assert.Contains("None, Staging, Production, Archived", stderr);
        Assert.Equal(3, RunIn(db, "models", "show", "NoSuchModel").ExitCode);
        Assert.Equal(5, RunIn(db, "models", "create", "SmaCrossOrcl").ExitCode);
        Assert.Equal(2, RunIn(db, "models", "register", "X", "--run", runId, "--source", "s3://x").ExitCode);
    }
}
