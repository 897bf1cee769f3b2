using System.Text.Json.Nodes;
using Quarry.Core;

namespace Quarry.Optimization.Distributions;

/// <summary>One of a fixed list of string choices; the internal value is the choice's index.</summary>
public sealed record CategoricalDistribution : Distribution
{
    /// <summary>Creates the distribution; throws a <see cref="QuarryException"/> for no or duplicate choices.</summary>
    public CategoricalDistribution(IReadOnlyList<string> choices)
    {
        if (choices.Count == 0) throw new QuarryException(ErrorCode.InvalidParameter, "A categorical parameter needs at least one choice.");
        if (choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Categorical choices must be distinct (got {string.Join(", ", choices)}).");
        Choices = [.. choices];
    }

    /// <summary>The choices, in order.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <inheritdoc />
    public override bool IsSingle => Choices.Count == 1;

    /// <inheritdoc />
    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < Choices.Count && internalValue == Math.Floor(internalValue);

    /// <inheritdoc />
    public override object ToExternal(double internalValue) => Choices[(int)internalValue];

    /// <inheritdoc />
    public override double ToInternal(object externalValue)
    {
        var text = Convert.ToString(externalValue, System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < Choices.Count; i++)
            if (Choices[i] == text) return i;
        throw new QuarryException(ErrorCode.InvalidParameter, $"'{text}' is not one of {string.Join(", ", Choices)}.");
    }

    /// <inheritdoc />
    public override string ToJson() => Json("CategoricalDistribution", new JsonObject { ["choices"] = new JsonArray([.. Choices.Select(c => JsonValue.Create(c))]) });

    /// <inheritdoc />
    public bool Equals(CategoricalDistribution? other) => other is not null && Choices.SequenceEqual(other.Choices, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in Choices) hash.Add(c, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"one of {string.Join("|", Choices)}";
}
