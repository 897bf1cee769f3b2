using Quarry.Core;

namespace Quarry.Analytics.Inputs;

/// <summary>A return series ready for the metrics: every value finite, with a count of the values that were not.</summary>
/// <param name="Returns">The cleaned series (same timestamps and length as the input).</param>
/// <param name="NonFiniteReplaced">How many NaN or ±∞ returns were replaced by 0 (QuantStats §2.1).</param>
/// <param name="Message">A one-line note about the replacement for the report, or an empty string when nothing was replaced.</param>
public sealed record PreparedReturns(TimeSeries Returns, int NonFiniteReplaced, string Message);
