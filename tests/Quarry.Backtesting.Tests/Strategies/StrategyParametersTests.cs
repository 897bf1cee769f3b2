using Quarry.Backtesting.Strategies;
using Quarry.Backtesting.Strategies.BuiltIn;
using Quarry.Core;

namespace Quarry.Backtesting.Tests.Strategies;

public class StrategyParametersTests
{
    static void Apply(Strategy strategy, params (string Name, string Value)[] values) =>
        StrategyParameters.Apply(strategy, values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));

    [Fact]
    public void Unknown_parameter_lists_the_declared_names()
    {
        var error = Assert.Throws<QuarryException>(() => Apply(new SmaCross(), ("fats", "5")));
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.Equal("Parameter 'fats' is not declared by sma-cross (declared: fast, slow).", error.Message);
    }

    [Fact]
    public void Mistyped_int_says_what_was_expected()
    {
        var error = Assert.Throws<QuarryException>(() => Apply(new SmaCross(), ("fast", "ten")));
        Assert.Equal(ErrorCode.InvalidParameter, error.Code);
        Assert.Equal("Parameter 'fast' of sma-cross: 'ten' is not valid (expected an integer, e.g. 10).", error.Message);
    }

    [Fact]
    public void Int_accepts_a_whole_number_written_as_a_decimal_but_not_a_fraction()
    {
        var strategy = new SmaCross();
        Apply(strategy, ("fast", "12.0"));
        Assert.Equal(12, strategy.Fast);
        Assert.Throws<QuarryException>(() => Apply(strategy, ("fast", "12.5")));
    }

    [Fact]
    public void Mistyped_double_and_bool_say_what_was_expected()
    {
        var width = Assert.Throws<QuarryException>(() => Apply(new BollingerReversion(), ("width", "wide")));
        Assert.Contains("(expected a number, e.g. 0.5)", width.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<QuarryException>(() => Apply(new BollingerReversion(), ("width", "NaN")));
        Assert.Contains("'NaN' is not valid", nan.Message, StringComparison.Ordinal);
        var flag = Assert.Throws<QuarryException>(() => Apply(new TopNMomentum(), ("absolute_filter", "yes")));
        Assert.Contains("(expected true or false)", flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_parsed_with_the_invariant_culture_and_set()
    {
        var strategy = new BollingerReversion();
        Apply(strategy, ("period", "15"), ("width", "2.25"));
        Assert.Equal(15, strategy.Period);
        Assert.Equal(2.25, strategy.Width);
        Assert.Equal(new Dictionary<string, string> { ["period"] = "15", ["width"] = "2.25" }, StrategyParameters.Values(strategy));
    }

    [Fact]
    public void Describe_returns_names_kinds_defaults_and_ranges()
    {
        var sma = StrategyParameters.Describe(typeof(SmaCross));
        Assert.Equal(["fast", "slow"], sma.Select(p => p.Name));
        var fast = sma[0];
        Assert.Equal(ParameterKind.Int, fast.Kind);
        Assert.Equal(10, fast.Default);
        Assert.Equal((2.0, 100.0, 1.0), (fast.Min, fast.Max, fast.Step));
        Assert.Equal("2..100 step 1", fast.RangeText);
        Assert.Equal("10", fast.DefaultText);
        Assert.Equal("fast SMA period", fast.Description);

        var width = StrategyParameters.Describe(typeof(BollingerReversion))[1];
        Assert.Equal(ParameterKind.Float, width.Kind);
        Assert.Equal("1..3.5 step 0.25", width.RangeText);
        Assert.Equal("2", width.DefaultText);

        var momentum = StrategyParameters.Describe(typeof(Momentum))[1];
        Assert.Equal("-0.1..0.2 step 0.01", momentum.RangeText);

        var top = StrategyParameters.Describe(typeof(TopNMomentum));
        Assert.Equal(["lookback", "top_n", "absolute_filter"], top.Select(p => p.Name));
        Assert.Equal(ParameterKind.Bool, top[2].Kind);
        Assert.Equal("true|false", top[2].RangeText);
        Assert.Equal(["true", "false"], top[2].Choices);
        Assert.Equal("true", top[2].DefaultText);
    }

    [Fact]
    public void Every_built_in_describes_its_parameters()
    {
        foreach (var (name, type) in new StrategyCatalog().BuiltIns)
            foreach (var spec in StrategyParameters.Describe(type))
            {
                Assert.False(string.IsNullOrEmpty(spec.Description), $"{name}.{spec.Name} has no description");
                if (spec.Kind is ParameterKind.Int or ParameterKind.Float)
                    Assert.True(spec.Min <= Convert.ToDouble(spec.Default, System.Globalization.CultureInfo.InvariantCulture) && spec.Min < spec.Max,
                        $"{name}.{spec.Name}: range {spec.RangeText}, default {spec.DefaultText}");
            }
    }

    [Theory]
    [InlineData("TopN", "top_n")]
    [InlineData("AbsoluteFilter", "absolute_filter")]
    [InlineData("ATRPeriod", "atr_period")]
    [InlineData("Fast", "fast")]
    [InlineData("SmaCross", "sma_cross")]
    public void SnakeCase_splits_words_and_acronyms(string name, string expected) =>
        Assert.Equal(expected, StrategyParameters.SnakeCase(name));
}
