using Quarry.Optimization;

namespace Quarry.Server.Dashboard.Data;

/// <summary>Everything the study page and <c>GET /api/quarry/studies/{name}</c> show of one study.</summary>
/// <param name="Summary">Counts, best trial, last activity.</param>
/// <param name="Trials">Every trial in number order (snapshots).</param>
/// <param name="UserAttributes">Study user attributes (JSON values), e.g. <c>quarry.args</c>.</param>
/// <param name="Importance">fANOVA importance per parameter, most important first (fractions summing to 1); empty when no trial is Complete.</param>
/// <param name="ImportanceTrials">How many Complete trials <paramref name="Importance"/> was computed on (see <see cref="StudyQueries.ImportanceRefreshFraction"/>).</param>
/// <param name="ImportancePending">A newer importance is being fitted in the background (<paramref name="Importance"/> is the previous one, or empty).</param>
internal sealed record StudyDetail(StudySummary Summary, IReadOnlyList<FrozenTrial> Trials, IReadOnlyDictionary<string, string> UserAttributes,
    IReadOnlyDictionary<string, double> Importance, int ImportanceTrials, bool ImportancePending)
{
    /// <summary>The study.</summary>
    public StudyInfo Info => Summary.Info;
}
