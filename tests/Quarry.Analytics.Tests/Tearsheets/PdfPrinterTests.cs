using Quarry.Analytics.Tearsheets;
using Quarry.Core;

namespace Quarry.Analytics.Tests.Tearsheets;

public sealed class PdfPrinterTests
{
    [Fact]
    public void Print_writes_a_pdf_of_the_tearsheet()
    {
        string chromium = Chromium.Require();
        string dir = TestPaths.Results("tearsheets");
        string html = Path.Combine(dir, "print.html"), pdf = Path.Combine(dir, "tearsheet.pdf");
        HtmlTearsheet.Write(SyntheticTearsheet.Create(periods: 2500, trades: 150), html);
        if (File.Exists(pdf)) File.Delete(pdf);

        PdfPrinter.Print(html, pdf, chromium);

        byte[] bytes = File.ReadAllBytes(pdf);
        Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
        Assert.True(bytes.Length > 10 * 1024, $"the PDF is only {bytes.Length} bytes");
        Assert.Empty(Directory.GetFiles(dir, ".tmp-*"));
    }

    [Fact]
    public void Print_with_a_missing_chromium_throws_NotFound_saying_how_to_install()
    {
        string dir = TestPaths.TempDir();
        string html = Path.Combine(dir, "t.html");
        File.WriteAllText(html, "<!DOCTYPE html><p>x</p>");
        var e = Assert.Throws<QuarryException>(() => PdfPrinter.Print(html, Path.Combine(dir, "t.pdf"), "/nonexistent/chromium"));
        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Contains("sudo apt-get install -y chromium", e.Message);
        Assert.Contains("--chromium PATH", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(Path.Combine(dir, "t.pdf")));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Print_of_a_missing_html_file_throws_NotFound()
    {
        var e = Assert.Throws<QuarryException>(() => PdfPrinter.Print("/nonexistent/t.html", Path.Combine(TestPaths.TempDir(), "t.pdf")));
        Assert.Equal(ErrorCode.NotFound, e.Code);
    }
}
