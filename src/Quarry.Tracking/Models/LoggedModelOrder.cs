namespace Quarry.Tracking.Models;

/// <summary>
/// One order_by item of a logged-model search: an attribute (<c>name</c>, <c>model_id</c>, <c>creation_timestamp</c>,
/// <c>last_updated_timestamp</c>, <c>model_type</c>, <c>status</c>, <c>source_run_id</c>) or <c>metrics.&lt;key&gt;</c>
/// (the model's latest value of that metric; models without it sort last).
/// </summary>
/// <param name="FieldName">The field, e.g. <c>creation_timestamp</c> or <c>metrics.accuracy</c>.</param>
/// <param name="Ascending">True for ascending order.</param>
public sealed record LoggedModelOrder(string FieldName, bool Ascending = true);
