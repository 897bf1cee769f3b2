using System.Collections.Concurrent;
using Quarry.Core;
using Quarry.Optimization;
using Quarry.Optimization.Importance;
using Quarry.Optimization.Storage;

namespace Quarry.Server.Dashboard.Data;

/// <summary>
/// The dashboard's and the API's read side of the optimizer's study storage: study summaries, one study in full, and
/// the number of studies with running trials. The storage is opened on first use (so a server whose studies are never
/// looked at never touches it) and reads are incremental (a SQL storage caches finished trials, which are frozen).
/// Parameter importance (fANOVA, about 0.1 s per 1,000 trials) is cached per study with the number of Complete trials
/// it was computed on: finished trials never change and Complete ones are never removed, so the same count means the
/// same trials. While a study grows, the cached value is reused until the Complete trials have grown by
/// <see cref="ImportanceRefreshFraction"/> (2 %), so a page that reloads as trials finish does not pay the fit each time;
/// <see cref="StudyDetail.ImportanceTrials"/> says how many trials the value is based on. Thread-safe.
/// </summary>
internal sealed class StudyQueries : IDisposable
{
    const int MaxCachedImportances = 64;

    /// <summary>How much the Complete trials must grow (as a fraction of their count) before importance is computed again.</summary>
    public const double ImportanceRefreshFraction = 0.02;

    readonly Lazy<IStudyStorage> _storage;
    readonly ConcurrentDictionary<(long StudyId, string Name), (int Trials, IReadOnlyDictionary<string, double> Shares)> _importance = new();

    /// <summary>Reads from the storage <paramref name="open"/> returns on first use (disposed with this object when disposable).</summary>
    public StudyQueries(Func<IStudyStorage> open) => _storage = new Lazy<IStudyStorage>(open);

    /// <summary>Reads the SQL study storage at <paramref name="location"/> (<c>sqlite:PATH</c>, <c>postgresql://…</c>).</summary>
    public static StudyQueries Open(string location) => new(() => SqlStudyStorage.Open(location));

    IStudyStorage Storage => _storage.Value;

    /// <summary>Every study's summary, most recently active first (studies without trials last, by name).</summary>
    public IReadOnlyList<StudySummary> Summaries() =>
        [.. Storage.ListStudies().Select(s => StudyTrials.Summarize(s, Storage.GetTrials(s.Id)))
            .OrderByDescending(s => s.LastActivity ?? DateTime.MinValue).ThenBy(s => s.Info.Name, StringComparer.Ordinal)];

    /// <summary>How many studies have at least one Running trial.</summary>
    public int RunningStudies()
    {
        int n = 0;
        foreach (var study in Storage.ListStudies())
            if (Storage.GetTrials(study.Id, [TrialState.Running]).Count > 0) n++;
        return n;
    }

    /// <summary>The study named <paramref name="name"/> with its trials, attributes and importance; NotFound naming the known studies.</summary>
    public StudyDetail Get(string name)
    {
        var study = Storage.FindStudy(name) ?? throw NotFound(name);
        var trials = Storage.GetTrials(study.Id);
        var summary = StudyTrials.Summarize(study, trials);
        var (based, importance) = Importance(study, trials, summary.Complete);
        return new StudyDetail(summary, trials, Storage.GetStudyUserAttributes(study.Id), importance, based);
    }

    (int Trials, IReadOnlyDictionary<string, double> Shares) Importance(StudyInfo study, IReadOnlyList<FrozenTrial> trials, int complete)
    {
        if (!trials.Any(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v))) return (0, new Dictionary<string, double>());
        var key = (study.Id, study.Name);
        if (_importance.TryGetValue(key, out var cached) && cached.Trials <= complete && complete - cached.Trials <= ImportanceRefreshFraction * cached.Trials)
            return cached;
        var computed = (complete, ParameterImportance.Compute(trials, study.Direction));
        if (_importance.Count >= MaxCachedImportances) _importance.Clear();
        _importance[key] = computed;
        return computed;
    }

    QuarryException NotFound(string name)
    {
        var known = Storage.ListStudies().Select(s => s.Name).Order(StringComparer.Ordinal).Take(10).ToList();
        string list = known.Count == 0 ? "there are no studies yet" : "known: " + string.Join(", ", known);
        return new QuarryException(ErrorCode.NotFound,
            $"No study named '{name}' in the study storage ({list}; fix: pick one from /studies, or start it with quarry optimize --study NAME --storage LOCATION).");
    }

    /// <summary>Closes the storage when it was opened and is disposable.</summary>
    public void Dispose()
    {
        if (_storage.IsValueCreated && _storage.Value is IDisposable d) d.Dispose();
    }
}
