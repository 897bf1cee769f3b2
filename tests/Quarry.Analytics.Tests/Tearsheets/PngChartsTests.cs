using Quarry.Analytics.Tearsheets;

namespace Quarry.Analytics.Tests.Tearsheets;

public sealed class PngChartsTests
{
    [Fact]
    public void Write_creates_equity_drawdown_and_heatmap_pngs_of_the_expected_size()
    {
        var t = SyntheticTearsheet.Create();
        string dir = TestPaths.Results("png");
        var files = PngCharts.Write(t, dir);

        Assert.Equal(["equity.png", "drawdown.png", "monthly-heatmap.png"], files.Select(Path.GetFileName));
        foreach (string file in files)
        {
            byte[] png = File.ReadAllBytes(file);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
            int width = BigEndian(png, 16), height = BigEndian(png, 20);
            Assert.Equal(PngCharts.Width, width);
            int expected = Path.GetFileName(file) == "monthly-heatmap.png" ? 110 + 34 * t.Monthly.Count : PngCharts.Height;
            Assert.Equal(expected, height);
            Assert.True(png.Length > 10_000, $"{file} is suspiciously small ({png.Length} bytes)");
        }
        Assert.Empty(Directory.GetFiles(dir, ".tmp-*"));
    }

    [Fact]
    public void Write_without_monthly_rows_or_benchmark_writes_two_charts()
    {
        var t = SyntheticTearsheet.Create(benchmark: false) with { Monthly = [], GrossReturns = null };
        var files = PngCharts.Write(t, TestPaths.TempDir());
        Assert.Equal(["equity.png", "drawdown.png"], files.Select(Path.GetFileName));
    }

    [Fact]
    public void Write_of_an_empty_tearsheet_writes_empty_charts()
    {
        var t = new Tearsheet { Title = "empty", Time = [], Returns = [], Metrics = [] };
        Assert.Equal(2, PngCharts.Write(t, TestPaths.TempDir()).Count);
    }

    static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
