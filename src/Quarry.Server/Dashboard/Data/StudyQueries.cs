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
/// <see cref="StudyDetail.ImportanceTrials"/> says how many trials the value is based on. Studies of up to
/// <see cref="InlineFitTrials"/> Complete trials are fitted in the request (tens of milliseconds); larger ones in the
/// background — a 2,000-trial fit takes seconds, and a page must not: the request waits for it at most the
/// importance wait (<see cref="DefaultImportanceWait"/>), then answers with the previous value, or none, and
/// <see cref="StudyDetail.ImportancePending"/> set. Thread-safe.
/// </summary>
internal sealed class StudyQueries : IDisposable
{
    const int MaxCachedImportances = 64;

    /// <summary>How much the Complete trials must grow (as a fraction of their count) before importance is computed again.</summary>
    public const double ImportanceRefreshFraction = 0.02;

    /// <summary>Studies with at most this many Complete trials get their importance fitted in the request.</summary>
    public const int InlineFitTrials = 500;

    /// <summary>How long a request waits by default for a background importance fit before answering without it.</summary>
    public static readonly TimeSpan DefaultImportanceWait = TimeSpan.FromMilliseconds(100);

    readonly TimeSpan _importanceWait;

    readonly Lazy<IStudyStorage> _storage;
    readonly ConcurrentDictionary<(long StudyId, string Name), (int Trials, IReadOnlyDictionary<string, double> Shares)> _importance = new();
    readonly ConcurrentDictionary<(long StudyId, string Name), Lazy<Task>> _fitting = new();

    /// <summary>
    /// Reads from the storage <paramref name="open"/> returns on first use (disposed with this object when disposable);
    /// a request waits <paramref name="importanceWait"/> (default <see cref="DefaultImportanceWait"/>) for a background fit.
    /// </summary>
    public StudyQueries(Func<IStudyStorage> open, TimeSpan? importanceWait = null)
    {
        _storage = new Lazy<IStudyStorage>(open);
        _importanceWait = importanceWait ?? DefaultImportanceWait;
    }

    /// <summary>Reads the SQL study storage at <paramref name="location"/> (<c>sqlite:PATH</c>, <c>postgresql://…</c>).</summary>
    public static StudyQueries Open(string location, TimeSpan? importanceWait = null) => new(() => SqlStudyStorage.Open(location), importanceWait);

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
        var (based, importance, pending) = Importance(study, trials, summary.Complete);
        return new StudyDetail(summary, trials, Storage.GetStudyUserAttributes(study.Id), importance, based, pending);
    }

    (int Trials, IReadOnlyDictionary<string, double> Shares, bool Pending) Importance(StudyInfo study, IReadOnlyList<FrozenTrial> trials, int complete)
    {
        if (!trials.Any(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v))) return (0, new Dictionary<string, double>(), false);
        var key = (study.Id, study.Name);
        bool found = _importance.TryGetValue(key, out var cached);
        if (found && cached.Trials <= complete && complete - cached.Trials <= ImportanceRefreshFraction * cached.Trials)
            return (cached.Trials, cached.Shares, false);
        if (complete <= InlineFitTrials)
        {
            var shares = Fit(key, trials, complete, study.Direction);
            return (complete, shares, false);
        }
        var fit = _fitting.GetOrAdd(key, k => new Lazy<Task>(() => Task.Run(() =>
        {
            try { Fit(k, trials, complete, study.Direction); }
            finally { _fitting.TryRemove(k, out _); }
        }))).Value;
        if (fit.Wait(_importanceWait) && _importance.TryGetValue(key, out var fresh) && fresh.Trials >= complete)
            return (fresh.Trials, fresh.Shares, false);
        return found ? (cached.Trials, cached.Shares, true) : (0, new Dictionary<string, double>(), true);
    }

    IReadOnlyDictionary<string, double> Fit((long StudyId, string Name) key, IReadOnlyList<FrozenTrial> trials, int complete, StudyDirection direction)
    {
        var shares = ParameterImportance.Compute(trials, direction);
        if (_importance.Count >= MaxCachedImportances) _importance.Clear();
        _importance[key] = (complete, shares);
        return shares;
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
