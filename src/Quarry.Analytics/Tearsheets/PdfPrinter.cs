using System.Diagnostics;
using Quarry.Core;

namespace Quarry.Analytics.Tearsheets;

/// <summary>
/// Prints an HTML file (e.g. a tearsheet written by <see cref="HtmlTearsheet.Write"/>) to PDF with headless Chromium,
/// using the page's print stylesheet (A4, one column, no interactive chrome).
/// </summary>
/// <remarks>
/// Chromium runs with a throw-away profile, no sandbox (it refuses to start sandboxed as root in containers), no GPU and
/// no background networking; it is killed when it outlives the timeout. Stateless and thread-safe: each call starts its
/// own Chromium process.
/// </remarks>
public static class PdfPrinter
{
    /// <summary>How long a print may take by default: 120 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Where Chromium is looked for, after the QUARRY_CHROMIUM environment variable.</summary>
    public static IReadOnlyList<string> KnownLocations { get; } = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    const string InstallHint = "install it with 'sudo apt-get install -y chromium' or pass --chromium PATH";

    /// <summary>
    /// The Chromium executable to use: QUARRY_CHROMIUM when set to an existing file, else the first of
    /// <see cref="KnownLocations"/> that exists; null when none does.
    /// </summary>
    public static string? FindChromium()
    {
        string? env = Environment.GetEnvironmentVariable("QUARRY_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(env) && File.Exists(env)) return env;
        return KnownLocations.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Prints <paramref name="htmlPath"/> to <paramref name="pdfPath"/>. The PDF is written to a temporary file and renamed,
    /// so an existing file is replaced whole or not at all; the directory is created when missing.
    /// </summary>
    /// <param name="htmlPath">The HTML file to print.</param>
    /// <param name="pdfPath">The PDF to write.</param>
    /// <param name="chromiumPath">Chromium executable; null to use <see cref="FindChromium"/>.</param>
    /// <param name="timeout">Longest time Chromium may take; null for <see cref="DefaultTimeout"/>.</param>
    /// <exception cref="QuarryException">
    /// <see cref="ErrorCode.NotFound"/> when the HTML file or Chromium is missing (the message says how to install it);
    /// <see cref="ErrorCode.InvalidState"/> when Chromium fails or times out.
    /// </exception>
    public static void Print(string htmlPath, string pdfPath, string? chromiumPath = null, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(htmlPath);
        ArgumentException.ThrowIfNullOrEmpty(pdfPath);
        string html = Path.GetFullPath(htmlPath);
        if (!File.Exists(html))
            throw new QuarryException(ErrorCode.NotFound, $"Cannot print '{htmlPath}' to PDF: the file does not exist.");
        string chromium = ResolveChromium(chromiumPath);
        var limit = timeout ?? DefaultTimeout;
        string profile = Path.Combine(Path.GetTempPath(), "quarry-chromium-" + Guid.NewGuid().ToString("N"));
        try
        {
            AtomicFile.Write(pdfPath, tmp => Run(chromium, profile, new Uri(html).AbsoluteUri, tmp, limit, htmlPath));
        }
        finally
        {
            TryDelete(profile);
        }
    }

    static string ResolveChromium(string? chromiumPath)
    {
        if (chromiumPath is not null)
            return File.Exists(chromiumPath) ? chromiumPath
                : throw new QuarryException(ErrorCode.NotFound, $"Chromium was not found at '{chromiumPath}'; {InstallHint}.");
        return FindChromium() ?? throw new QuarryException(ErrorCode.NotFound,
            $"PDF output needs Chromium, which was not found (QUARRY_CHROMIUM, {string.Join(", ", KnownLocations)}); {InstallHint}.");
    }

    static void Run(string chromium, string profile, string url, string output, TimeSpan timeout, string htmlPath)
    {
        var psi = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-extensions", "--hide-scrollbars", $"--user-data-dir={profile}", "--no-pdf-header-footer",
                     $"--print-to-pdf={output}", url])
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)
            ?? throw new QuarryException(ErrorCode.InvalidState, $"Chromium at '{chromium}' could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new QuarryException(ErrorCode.InvalidState,
                $"Chromium did not finish printing '{htmlPath}' within {timeout.TotalSeconds:0} s; it was stopped.");
        }
        process.WaitForExit();
        var info = new FileInfo(output);
        if (process.ExitCode != 0 || !info.Exists || info.Length == 0)
        {
            string last = stderr.Wait(TimeSpan.FromSeconds(5)) ? LastLine(stderr.Result) : "";
            throw new QuarryException(ErrorCode.InvalidState,
                $"Chromium failed to print '{htmlPath}' to PDF (exit code {process.ExitCode}){(last.Length > 0 ? ": " + last : "")}.");
        }
    }

    static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }

    static void TryDelete(string directory)
    {
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
