using System.Reflection;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies;

/// <summary>
/// Sets the declared parameters of one strategy type from text, with the reflection done once. Use it when
/// configuring many instances (a sweep); thread-safe.
/// </summary>
public sealed class ParameterBinder
{
    readonly Dictionary<string, (PropertyInfo Property, ParameterAttribute Attribute)> _declared;
    readonly string _strategyName;

    /// <summary>Creates a binder for a <see cref="Strategy"/> type.</summary>
    public ParameterBinder(Type strategyType)
    {
        _declared = StrategyParameters.Declared(strategyType)
            .ToDictionary(p => StrategyParameters.NameOf(p.Property, p.Attribute), StringComparer.Ordinal);
        _strategyName = ((Strategy)Activator.CreateInstance(strategyType)!).Name;
    }

    /// <summary>Declared parameter names.</summary>
    public IReadOnlyCollection<string> Names => _declared.Keys;

    /// <summary>Converts text to the parameter's type; throws a <see cref="QuarryException"/> when it cannot.</summary>
    public object Parse(string name, string text)
    {
        var target = Find(name);
        return StrategyParameters.Parse(_strategyName, name, text, target.Property.PropertyType, target.Attribute);
    }

    /// <summary>Sets already-parsed values (from <see cref="Parse"/>).</summary>
    public void Set(Strategy strategy, string name, object value) => Find(name).Property.SetValue(strategy, value);

    /// <summary>Parses and sets name → text pairs.</summary>
    public void Apply(Strategy strategy, IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (name, text) in values) Set(strategy, name, Parse(name, text));
    }

    (PropertyInfo Property, ParameterAttribute Attribute) Find(string name) =>
        _declared.TryGetValue(name, out var target)
            ? target
            : throw new QuarryException(ErrorCode.InvalidParameter,
                $"Parameter '{name}' is not declared by {_strategyName} (declared: {string.Join(", ", _declared.Keys)}).");
}
