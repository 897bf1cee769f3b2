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
/// Parameter importance is cached per study and number of Complete trials: finished trials never change, so the same
/// count means the same trials. Thread-safe.
/// </summary>
internal sealed class StudyQueries : IDisposable
{
    const int MaxCachedImportances = 64;

    readonly Lazy<IStudyStorage> _storage;
    readonly ConcurrentDictionary<(long StudyId, string Name, int Complete), IReadOnlyDictionary<string, double>> _importance = new();

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
        return new StudyDetail(summary, trials, Storage.GetStudyUserAttributes(study.Id), Importance(study, trials, summary.Complete));
    }

    IReadOnlyDictionary<string, double> Importance(StudyInfo study, IReadOnlyList<FrozenTrial> trials, int complete)
    {
        if (!trials.Any(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v))) return new Dictionary<string, double>();
        var key = (study.Id, study.Name, complete);
        if (_importance.TryGetValue(key, out var cached)) return cached;
        var computed = ParameterImportance.Compute(trials, study.Direction);
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
