using System.Globalization;
using System.Reflection;
using System.Text;
using Quarry.Core;

namespace Quarry.Backtesting.Strategies;

/// <summary>Discovers a strategy's declared parameters and sets them from text, with errors that list the valid names.</summary>
public static class StrategyParameters
{
    /// <summary>The declared parameters of a strategy type, in declaration order.</summary>
    public static IReadOnlyList<ParameterSpec> Describe(Type strategyType)
    {
        var fresh = (Strategy)Activator.CreateInstance(strategyType)!;
        var specs = new List<ParameterSpec>();
        foreach (var (property, attribute) in Declared(strategyType))
            specs.Add(ToSpec(property, attribute, property.GetValue(fresh)!));
        return specs;
    }

    /// <summary>Current parameter values of a strategy, formatted as text, keyed by name.</summary>
    public static IReadOnlyDictionary<string, string> Values(Strategy strategy)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, attribute) in Declared(strategy.GetType()))
            values[NameOf(property, attribute)] = Format(property.GetValue(strategy)!);
        return values;
    }

    /// <summary>
    /// Sets parameters from name → text pairs. Throws a <see cref="QuarryException"/> for an unknown name
    /// (listing the declared ones), an unparseable value, or a value not among the choices.
    /// </summary>
    public static void Apply(Strategy strategy, IEnumerable<KeyValuePair<string, string>> values) =>
        new ParameterBinder(strategy.GetType()).Apply(strategy, values);

    /// <summary>TopN → top_n.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    internal static IEnumerable<(PropertyInfo Property, ParameterAttribute Attribute)> Declared(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = property.GetCustomAttribute<ParameterAttribute>();
            if (attribute is null) continue;
            if (!property.CanWrite || KindOf(property.PropertyType, attribute) is null)
                throw new QuarryException(ErrorCode.InvalidParameter,
                    $"{type.Name}.{property.Name}: a [Parameter] must be a settable int, double, bool or string (with Choices).");
            yield return (property, attribute);
        }
    }

    internal static string NameOf(PropertyInfo property, ParameterAttribute attribute) => attribute.Name ?? SnakeCase(property.Name);

    static ParameterKind? KindOf(Type type, ParameterAttribute attribute) =>
        type == typeof(int) ? ParameterKind.Int
        : type == typeof(double) ? ParameterKind.Float
        : type == typeof(bool) ? ParameterKind.Bool
        : type == typeof(string) && attribute.Choices is { Length: > 0 } ? ParameterKind.Categorical
        : null;

    static ParameterSpec ToSpec(PropertyInfo property, ParameterAttribute attribute, object defaultValue)
    {
        var kind = KindOf(property.PropertyType, attribute)!.Value;
        double step = kind == ParameterKind.Int && attribute.Step == 0 && !attribute.Log ? 1 : attribute.Step;
        IReadOnlyList<string> choices = kind switch
        {
            ParameterKind.Bool => ["true", "false"],
            ParameterKind.Categorical => attribute.Choices!,
            _ => [],
        };
        return new ParameterSpec(NameOf(property, attribute), kind, defaultValue, attribute.Min, attribute.Max, step,
            attribute.Log, choices, attribute.Description);
    }

    internal static object Parse(string strategy, string name, string text, Type type, ParameterAttribute attribute)
    {
        var inv = CultureInfo.InvariantCulture;
        if (type == typeof(int))
        {
            if (int.TryParse(text, NumberStyles.Integer, inv, out int i)) return i;
            if (double.TryParse(text, NumberStyles.Float, inv, out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
                return (int)d;
            throw Bad(strategy, name, text, "an integer, e.g. 10");
        }
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, inv, out double d) && double.IsFinite(d) ? d : throw Bad(strategy, name, text, "a number, e.g. 0.5");
        if (type == typeof(bool))
            return bool.TryParse(text, out bool b) ? b : throw Bad(strategy, name, text, "true or false");
        return attribute.Choices!.Contains(text, StringComparer.Ordinal)
            ? text
            : throw Bad(strategy, name, text, $"one of {string.Join(", ", attribute.Choices!)}");
    }

    static QuarryException Bad(string strategy, string name, string text, string expected) =>
        new(ErrorCode.InvalidParameter, $"Parameter '{name}' of {strategy}: '{text}' is not valid (expected {expected}).");

    static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
