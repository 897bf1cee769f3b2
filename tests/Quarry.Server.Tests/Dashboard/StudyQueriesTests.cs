using Quarry.Core;
using Quarry.Optimization;
using Quarry.Optimization.Importance;
using Quarry.Optimization.Storage;
using Quarry.Server.Dashboard.Data;
using Quarry.Server.Tests.Dashboard.Support;
using Quarry.Storage.Testing;

namespace Quarry.Server.Tests.Dashboard;

/// <summary>The studies' query layer over a real SQL study storage (<see cref="StudySeed"/>), on SQLite and on PostgreSQL.</summary>
public abstract class StudyQueriesContract : IDisposable
{
    readonly string _location;
    readonly SqlStudyStorage _storage;

    protected StudyQueriesContract(string location)
    {
        _location = location;
        _storage = SqlStudyStorage.Open(location);
    }

    [Fact]
    public void Summaries_count_trials_by_state_and_find_the_best_and_the_running()
    {
        StudySeed.Write(_storage, "grid-running");
        StudySeed.Write(_storage, "grid-done", finished: true);
        _storage.CreateStudy("empty", StudyDirection.Minimize);
        using var queries = StudyQueries.Open(_location);

        var all = queries.Summaries();
        Assert.Equal(["empty", "grid-done", "grid-running"], all.Select(s => s.Info.Name).Order(StringComparer.Ordinal));
        Assert.Equal("empty", all[^1].Info.Name); // no trials: last
        var running = all.Single(s => s.Info.Name == "grid-running");
        Assert.Equal((13, 1, 0, StudySeed.Complete, 1, 1), (running.Total, running.Running, running.Waiting, running.Complete, running.Pruned, running.Failed));
        Assert.True(running.IsRunning);
        Assert.Equal(StudySeed.BestNumber, running.Best!.Number);
        Assert.Equal(StudySeed.BestValue, running.Best.Value!.Value, 12);
        Assert.NotNull(running.LastActivity);
        var done = all.Single(s => s.Info.Name == "grid-done");
        Assert.Equal((12, 0), (done.Total, done.Running));
        Assert.False(done.IsRunning);
        var empty = all[^1];
        Assert.Equal((0, null, null), (empty.Total, empty.Best, empty.LastActivity));
        Assert.Equal(1, queries.RunningStudies());
    }

    [Fact]
    public void A_study_in_full_has_its_trials_attributes_and_the_importance_ParameterImportance_computes()
    {
        var info = StudySeed.Write(_storage, "grid");
        using var queries = StudyQueries.Open(_location);
        var study = queries.Get("grid");
        Assert.Equal(Enumerable.Range(0, 13), study.Trials.Select(t => t.Number));
        Assert.Equal(StudySeed.Args, study.UserAttributes["quarry.args"]);
        var expected = ParameterImportance.Compute(_storage.GetTrials(info.Id), StudyDirection.Maximize);
        Assert.Equal(expected.Keys, study.Importance.Keys);
        foreach (var (name, share) in expected) Assert.Equal(share, study.Importance[name], 12);
        Assert.Equal(1.0, study.Importance.Values.Sum(), 9);
        Assert.Equal(StudySeed.Complete, study.ImportanceTrials);
        Assert.Same(study.Importance, queries.Get("grid").Importance); // cached: the Complete trials did not change

        var extra = StudySeed.Start(_storage, info, 11);
        _storage.SetState(extra.TrialId, TrialState.Complete, 0.5);
        var after = queries.Get("grid");
        Assert.NotSame(study.Importance, after.Importance); // 1 more of 10 is over 2 %: computed again, on all 11
        Assert.Equal((StudySeed.Complete + 1, StudySeed.Complete + 1), (after.Summary.Complete, after.ImportanceTrials));
        var expectedAfter = ParameterImportance.Compute(_storage.GetTrials(info.Id), StudyDirection.Maximize);
        foreach (var (name, share) in expectedAfter) Assert.Equal(share, after.Importance[name], 12);
    }

    [Fact]
    public void Importance_of_a_large_growing_study_is_reused_until_its_Complete_trials_grew_by_two_percent()
    {
        var info = _storage.CreateStudy("large", StudyDirection.Minimize);
        for (int i = 0; i < 100; i++) Complete(info, i);
        using var queries = StudyQueries.Open(_location);
        var first = queries.Get("large");
        Complete(info, 100);
        Complete(info, 101);
        var reused = queries.Get("large");
        Assert.Same(first.Importance, reused.Importance); // 2 of 100 = 2 %: not yet
        Assert.Equal((102, 100), (reused.Summary.Complete, reused.ImportanceTrials));
        Complete(info, 102);
        var fresh = queries.Get("large");
        Assert.Equal(103, fresh.ImportanceTrials);
        var expected = ParameterImportance.Compute(_storage.GetTrials(info.Id), StudyDirection.Minimize);
        foreach (var (name, share) in expected) Assert.Equal(share, fresh.Importance[name], 12);
    }

    [Fact]
    public void Importance_of_a_study_too_large_to_fit_in_the_request_is_fitted_in_the_background_and_then_served()
    {
        var info = _storage.CreateStudy("background", StudyDirection.Minimize);
        for (int i = 0; i <= StudyQueries.InlineFitTrials; i++) Complete(info, i);
        using var queries = StudyQueries.Open(_location, importanceWait: TimeSpan.Zero);

        var first = queries.Get("background");
        Assert.True(first.ImportancePending);
        Assert.Empty(first.Importance);
        Assert.Equal(0, first.ImportanceTrials);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var later = queries.Get("background");
        while (later.ImportancePending && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            later = queries.Get("background");
        }
        Assert.False(later.ImportancePending);
        Assert.Equal(StudyQueries.InlineFitTrials + 1, later.ImportanceTrials);
        var expected = ParameterImportance.Compute(_storage.GetTrials(info.Id), StudyDirection.Minimize);
        Assert.Equal(expected.Keys, later.Importance.Keys);
        foreach (var (name, share) in expected) Assert.Equal(share, later.Importance[name], 12);
    }

    void Complete(StudyInfo info, int i)
    {
        var t = StudySeed.Start(_storage, info, i % 10);
        _storage.SetState(t.TrialId, TrialState.Complete, Math.Sin(i) + 0.1 * (i % 7));
    }

    [Fact]
    public void An_unknown_study_is_NotFound_naming_the_known_ones()
    {
        StudySeed.Write(_storage, "known-study", finished: true);
        using var queries = StudyQueries.Open(_location);
        var e = Assert.Throws<QuarryException>(() => queries.Get("nope"));
        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
        Assert.Contains("known-study", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Best_so_far_follows_the_direction_and_skips_unfinished_and_infeasible_trials()
    {
        var info = StudySeed.Write(_storage, "curve", finished: true);
        var trials = _storage.GetTrials(info.Id);
        var curve = StudyTrials.BestSoFar(StudyDirection.Maximize, trials);
        // values 0, 0.09, 0.18, 0.3, 0.39, 0.48, 0.6, 0.69, 0.78, 0.9 rise, so the curve is the values; pruned and failed keep 0.9
        Assert.Equal(Enumerable.Range(0, 10).Select(StudySeed.Value).Append(0.9).Append(0.9).Select(v => Math.Round(v, 12)), curve.Select(v => Math.Round(v, 12)));
        Assert.All(StudyTrials.BestSoFar(StudyDirection.Minimize, trials), v => Assert.Equal(0.0, v, 12));
    }

    public void Dispose()
    {
        _storage.Dispose();
        if (_location.StartsWith("sqlite:", StringComparison.Ordinal)) File.Delete(_location["sqlite:".Length..]);
        GC.SuppressFinalize(this);
    }
}

public sealed class StudyQueriesSqliteTests() : StudyQueriesContract("sqlite:" + Path.Combine(Path.GetTempPath(), "quarry-study-queries-" + Guid.NewGuid().ToString("N") + ".db"));

[Collection(PostgresCollection.Name)]
public sealed class StudyQueriesPostgresTests(PostgresFixture postgres) : StudyQueriesContract(postgres.CreateDatabase());
