namespace Quarry.Optimization.Internal;

/// <summary>Optuna's RetryFailedTrialCallback: the template that re-adds a stale (failed) trial as Waiting.</summary>
internal static class StaleTrialRetry
{
    public const string FailedTrialKey = "failed_trial";
    public const string RetryHistoryKey = "retry_history";

    /// <summary>
    /// The Waiting trial to add for <paramref name="failed"/>: same params, distributions and user attributes; system
    /// attributes copied, with failed_trial (kept from the first failure) and retry_history (+ this number); null once
    /// the chain has failed more than <paramref name="maxRetries"/> times.
    /// </summary>
    public static TrialTemplate? Template(FrozenTrial failed, int maxRetries)
    {
        var system = new Dictionary<string, string>(failed.SystemAttributes, StringComparer.Ordinal);
        var history = system.TryGetValue(RetryHistoryKey, out var json) ? JsonText.Deserialize<List<int>>(json) : [];
        history.Add(failed.Number);
        if (history.Count > maxRetries) return null;
        system.TryAdd(FailedTrialKey, JsonText.Serialize(failed.Number));
        system[RetryHistoryKey] = JsonText.Serialize(history);
        system.Remove("fail_reason");
        return new TrialTemplate
        {
            State = TrialState.Waiting,
            Params = failed.Params,
            Distributions = failed.Distributions,
            UserAttributes = failed.UserAttributes,
            SystemAttributes = system,
        };
    }
}
