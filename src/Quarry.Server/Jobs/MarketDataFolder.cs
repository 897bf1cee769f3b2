namespace Quarry.Server.Jobs;

/// <summary>
/// The market-data files the backtest launcher offers: the files directly in <see cref="ServerOptions.DataRoot"/> with a
/// data extension, each named by its file name without the extension. A request names a symbol from this list, never a
/// path, so nothing outside the folder can be reached. Listed on each call (files may be added while the server runs).
/// </summary>
/// <param name="root">The folder, or null for none.</param>
internal sealed class MarketDataFolder(string? root)
{
    static readonly string[] Extensions = [".csv", ".txt", ".parquet"];

    /// <summary>The symbols on offer and their files, ordered by symbol.</summary>
    public IReadOnlyList<(string Symbol, string Path)> List()
    {
        if (root is null || !Directory.Exists(root)) return [];
        return [.. Directory.EnumerateFiles(root)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(f => (Symbol: Path.GetFileNameWithoutExtension(f), Path: Path.GetFullPath(f)))
            .OrderBy(f => f.Symbol, StringComparer.Ordinal)];
    }

    /// <summary>The file of <paramref name="symbol"/> (matched by symbol or file name, exactly), or null when it is not on offer.</summary>
    public string? Find(string symbol)
    {
        foreach (var (name, path) in List())
            if (name == symbol || Path.GetFileName(path) == symbol) return path;
        return null;
    }
}
