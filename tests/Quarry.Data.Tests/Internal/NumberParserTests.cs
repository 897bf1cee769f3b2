using System.Globalization;
using Quarry.Data.Internal;

namespace Quarry.Data.Tests.Internal;

public class NumberParserTests
{
    [Theory]
    [InlineData("2.179012")]
    [InlineData("-0.5")]
    [InlineData("+7")]
    [InlineData("1.")]
    [InlineData(".25")]
    [InlineData("0.1")]
    [InlineData("25342.80228337")]
    [InlineData("0.0020338983050847137")]
    [InlineData("9007199254740993")]
    [InlineData("123456789012345678901234")]
    [InlineData("1e-5")]
    [InlineData("-0")]
    [InlineData("NaN")]
    public void TryParse_equals_double_Parse(string text)
    {
        Assert.True(NumberParser.TryParse(text, out var value));

        Assert.Equal(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("1 000")]
    public void TryParse_rejects_non_numbers(string text) => Assert.False(NumberParser.TryParse(text, out _));

    [Fact]
    public void TryParse_equals_double_Parse_on_every_sample_number_and_random_decimals()
    {
        var texts = Directory.GetFiles(Path.GetDirectoryName(TestData.Sample("x"))!)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Skip(1))
            .SelectMany(line => line.Split(',').Skip(1));
        var random = new Random(42);
        var generated = Enumerable.Range(0, 20_000).Select(_ =>
            Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-3, 9)), random.Next(0, 12)).ToString("R", CultureInfo.InvariantCulture));

        foreach (var text in texts.Concat(generated))
        {
            Assert.True(NumberParser.TryParse(text, out var value), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
        }
    }
}
